; Truename (60h) of several paths, then the volume label as find first reports it.
; Run with the current folder C:\SUB (the program changes to it first).
        org 100h
%include "macros.inc"
%macro truename 1
        mov si, %1
        call showtrue
%endmacro
start:
        mov dx, sub
        mov ah, 3Bh
        int 21h
        truename t1
        truename t2
        truename t3
        truename t4
        truename t5
        truename t6
        truename t7
        truename t8
        truename t9
        truename t10
        truename t11
        truename t12

        mov dx, rootall                 ; the label alone (attribute 08h)
        mov cx, 08h
        call listing
        mov dx, rootall                 ; label and files in the root (0Fh)
        mov cx, 0Fh
        call listing
        mov dx, suball                  ; a subfolder has no label
        mov cx, 08h
        call listing
        exit 0

showtrue:                               ; SI: path. Prints the result or the error.
        push ds
        pop es
        mov di, buf
        mov byte [buf], 0
        mov ah, 60h
        int 21h
        jc .err
        mov dl, '['
        mov ah, 02h
        int 21h
        mov dx, buf
        call puts
        mov dl, ']'
        mov ah, 02h
        int 21h
        call newline
        ret
.err:   call result
        ret

listing:                                ; DX spec, CX attribute
        mov ah, 4Eh
        int 21h
.next:  jc .done
        mov al, [80h + 15h]
        call hexal
        call space
        mov dx, 80h + 1Eh
        call puts
        call newline
        mov ah, 4Fh
        int 21h
        jmp .next
.done:  call hex16
        call newline
        ret

sub:     db "SUB", 0
t1:      db "file.txt", 0
t2:      db "..\other\..\x.c", 0
t3:      db "/a/b/*.*", 0
t4:      db "c:longfilename.text", 0
t5:      db "con", 0
t6:      db "nul.txt", 0
t7:      db "\dev\prn", 0
t8:      db "\con", 0
t9:      db "c:", 0
t10:     db "q:\x", 0
t11:     db "a*\b", 0
t12:     db "x?.*", 0
rootall: db "C:\*.*", 0
suball:  db "*.*", 0
buf:     times 130 db 0
%include "lib.inc"
%include "dirs_util.asm"
