; Never ends: a runaway program for --timeout.
        org 100h
        cli
.l:     jmp .l
