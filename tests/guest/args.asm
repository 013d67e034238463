; Shows how DOS passed the command line: the tail at 80h, the two FCBs at
; 5Ch and 6Ch, and AX at entry (FFh per FCB with a bad drive).
%include "macros.inc"
        org 100h
        call hex16                  ; AX as DOS left it
        call newline
        print tail
        mov cl, [80h]
        xor ch, ch
        mov si, 81h
.t:     jcxz .tdone
        lodsb
        mov dl, al
        mov ah, 02h
        int 21h
        dec cx
        jmp .t
.tdone: cmp byte [si], 13           ; the tail ends with CR
        jne fail
        print close
        mov si, 5Ch
        call fcb
        mov si, 6Ch
        call fcb
        exit 0
fail:   exit 1

; Print drive number and the 11 name characters of the FCB at SI.
fcb:    lodsb
        mov ah, 0
        call hex16
        call space
        mov cx, 11
.c:     lodsb
        mov dl, al
        mov ah, 02h
        int 21h
        loop .c
        call newline
        ret

tail    db "[$"
close   db "]", 13, 10, "$"
%include "lib.inc"
