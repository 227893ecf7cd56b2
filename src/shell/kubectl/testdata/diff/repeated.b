a
b
a
x
b
a
b
