; Duplicated handles share one position; 46h redirects standard output; the
; handle table fills up (error 4).
%include "macros.inc"
        org 100h
        mov ah, 3Ch                 ; 1: create SHARE.TXT with 10 bytes
        xor cx, cx
        mov dx, n_file
        int 21h
        call show
        mov [h1], ax
        mov bx, ax
        mov ah, 40h
        mov cx, 10
        mov dx, digits
        int 21h
        mov ax, 4200h               ; back to the start
        xor cx, cx
        xor dx, dx
        int 21h
        mov ah, 45h                 ; 2: dup it
        mov bx, [h1]
        int 21h
        call show
        mov [h2], ax
        mov ah, 3Fh                 ; 3: read 3 through the first handle
        mov bx, [h1]
        mov cx, 3
        mov dx, buf
        int 21h
        call show
        mov ax, 4201h               ; 4: the copy's position moved too: 3
        mov bx, [h2]
        xor cx, cx
        xor dx, dx
        int 21h
        call showdx
        mov ah, 3Eh                 ; 5: close the first; the copy still reads
        mov bx, [h1]
        int 21h
        mov ah, 3Fh
        mov bx, [h2]
        mov cx, 4
        mov dx, buf
        int 21h
        call show
        mov cx, 4
        mov si, buf
        call showbuf

        mov ah, 45h                 ; 6: save standard output
        mov bx, 1
        int 21h
        mov [saved], ax
        mov ah, 46h                 ; (standard output into the file)
        mov bx, [h2]
        mov cx, 1
        int 21h
        mov ah, 40h                 ; goes into SHARE.TXT at position 7
        mov bx, 1
        mov cx, 5
        mov dx, redirected
        int 21h
        mov ah, 46h                 ; 7: put standard output back
        mov bx, [saved]
        mov cx, 1
        int 21h
        call show
        mov ah, 3Eh
        mov bx, [saved]
        int 21h
        mov ax, 4202h               ; 8: the file grew: 7 + 5
        mov bx, [h2]
        xor cx, cx
        xor dx, dx
        int 21h
        call showdx
        mov ah, 3Eh
        mov bx, [h2]
        int 21h

        xor bp, bp                  ; 9: open until the table is full
.more:  mov ax, 3D00h
        mov dx, n_file
        int 21h
        jc .full
        inc bp
        cmp bp, 100
        jb .more
.full:  call show
        mov ax, bp
        call hex16
        call newline
        exit 0

%include "files_common.inc"
n_file  db "SHARE.TXT", 0
digits  db "0123456789"
redirected db "<out>"
h1      dw 0
h2      dw 0
saved   dw 0
buf     times 16 db 0
