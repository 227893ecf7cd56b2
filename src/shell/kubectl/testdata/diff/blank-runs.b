a

b



c
d
