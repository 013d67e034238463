; The fuzz driver: INT 0F0h asks the test's VDD to load the next random
; registers and memory, then the program calls INT 21h with them, forever.
; The VDD ends the session when it has no calls left.
        org 100h
again:  int 0F0h
        int 21h
        jmp again
