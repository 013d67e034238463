; The BIOS fuzz driver: INT 0F0h asks the test's VDD to load the next random
; registers (and which service to call into SEL), then the program makes that
; call, forever. The VDD ends the session when it has no calls left.
        org 100h
        jmp near again          ; three bytes, so SEL is at CS:0103h
sel     db 0                    ; 0 INT 10h, 1 INT 33h, 2 INT 16h, 3 INT 15h,
                                ; 4 INT 17h, 5 INT 1Ah, 6 INT 05h
again:  int 0F0h
        cmp byte [cs:sel], 1
        je .i33
        cmp byte [cs:sel], 2
        je .i16
        cmp byte [cs:sel], 3
        je .i15
        cmp byte [cs:sel], 4
        je .i17
        cmp byte [cs:sel], 5
        je .i1a
        cmp byte [cs:sel], 6
        je .i05
        int 10h
        jmp near again          ; three bytes, so SEL is at CS:0103h
.i33:   int 33h
        jmp near again          ; three bytes, so SEL is at CS:0103h
.i16:   int 16h
        jmp near again          ; three bytes, so SEL is at CS:0103h
.i15:   int 15h
        jmp near again          ; three bytes, so SEL is at CS:0103h
.i17:   int 17h
        jmp near again          ; three bytes, so SEL is at CS:0103h
.i1a:   int 1Ah
        jmp near again          ; three bytes, so SEL is at CS:0103h
.i05:   int 05h
        jmp near again          ; three bytes, so SEL is at CS:0103h
