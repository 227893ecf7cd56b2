x
x
y
x
x
x
x
