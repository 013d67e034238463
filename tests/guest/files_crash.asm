; Writes a file and never closes it, then ends badly: divide by zero (CRASH=1)
; or an endless loop that the session's timeout stops.
%include "macros.inc"
        org 100h
        mov ah, 3Ch
        xor cx, cx
        mov dx, n_file
        int 21h
        jc .bad
        mov bx, ax
        mov ah, 40h
        mov cx, text_len
        mov dx, text
        int 21h
        mov ax, 5701h               ; a date that must be on the file afterwards
        mov cx, (12 << 11) | (34 << 5)
        mov dx, ((2001 - 1980) << 9) | (2 << 5) | 3
        int 21h
        print done
%if CRASH
        xor cx, cx
        div cx
%endif
.spin:  jmp .spin
.bad:   exit 1

%include "files_common.inc"
n_file  db "UNCLOSED.TXT", 0
text    db "written before the end", 13, 10
text_len equ $ - text
done    db "written$"
