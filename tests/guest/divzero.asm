; Divides by zero. With HANDLER defined it installs its own INT 0 handler,
; which skips the DIV and lets the program finish; without, the default
; handler stops the session.
%include "macros.inc"
        org 100h
%ifdef HANDLER
        mov dx, handler
        mov ax, 2500h
        int 21h
%endif
        mov ax, 1234h
        xor bx, bx
        div bx                      ; 2 bytes: F7 F3
        print after
        exit 0
handler:
        push bp
        mov bp, sp
        add word [bp + 2], 2        ; on a 286 and later the saved IP is the DIV itself
        pop bp
        print caught
        iret
caught  db "caught divide error", 13, 10, "$"
after   db "after the division", 13, 10, "$"
%include "lib.inc"
