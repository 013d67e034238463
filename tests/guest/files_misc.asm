; 5Ah temporary files, 5Bh, 6Ch extended open, 57h date and time, 43h hidden bits.
%include "macros.inc"
        org 100h
        mov ah, 5Ah                 ; 1: a temporary file in SUB
        xor cx, cx
        mov dx, tmpname
        int 21h
        call show
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov si, tmpname             ;    the name: SUB\ and 8 characters
        mov cx, 12
        call showbuf
        mov ah, 41h
        mov dx, tmpname
        int 21h
        call show

        mov ah, 6Ch                 ; 2: create-if-missing on a new file: CX=2
        mov bx, 0002h
        xor cx, cx
        mov dx, 0010h
        mov si, n_file
        int 21h
        call show
        mov ax, cx
        call show
        mov ah, 6Ch                 ; 3: open-if-exists on it: CX=1
        mov bx, 0000h
        xor cx, cx
        mov dx, 0001h
        mov si, n_file
        int 21h
        call show
        mov bx, ax
        mov ax, cx
        call show
        mov ah, 3Eh
        int 21h
        mov ah, 6Ch                 ; 4: fail-if-exists: 80
        mov bx, 0002h
        xor cx, cx
        mov dx, 0010h
        mov si, n_file
        int 21h
        call show
        mov ah, 6Ch                 ; 5: replace: CX=3
        mov bx, 0002h
        xor cx, cx
        mov dx, 0012h
        mov si, n_file
        int 21h
        call show
        mov bx, ax
        mov ax, cx
        call show
        mov ah, 6Ch                 ; 6: fail-if-missing on a missing file: 2
        mov bx, 0000h
        xor cx, cx
        mov dx, 0001h
        mov si, n_missing
        int 21h
        call show
        mov ah, 6Ch                 ; 7: a bad action: 1
        mov bx, 0000h
        xor cx, cx
        mov dx, 0003h
        mov si, n_missing
        int 21h
        call show

        mov ax, 5701h               ; 8: set the date: 1999-12-31 23:58:00
        mov bx, [handle]
        mov cx, (23 << 11) | (58 << 5)
        mov dx, ((1999 - 1980) << 9) | (12 << 5) | 31
        int 21h
        call show
        mov ax, 5700h               ;    read back at once
        int 21h
        call show
        mov ax, cx
        call hex16
        call space
        mov ax, dx
        call hex16
        call newline
        mov ah, 3Eh                 ;    and after close and open again
        int 21h
        mov ax, 3D00h
        mov dx, n_file
        int 21h
        mov bx, ax
        mov ax, 5700h
        int 21h
        mov ax, cx
        call hex16
        call space
        mov ax, dx
        call hex16
        call newline
        mov ax, 5702h               ; 9: no such subfunction: 1
        int 21h
        call show
        mov ah, 3Eh
        int 21h

        mov ax, 4301h               ; 10: hidden and system
        mov cx, 06h
        mov dx, n_file
        int 21h
        call show
        mov ax, 4300h
        mov dx, n_file
        int 21h
        mov ax, cx
        call show
        mov ax, 4301h               ; 11: a volume label bit: 5
        mov cx, 08h
        mov dx, n_file
        int 21h
        call show
        mov ax, 4302h               ; 12: no such subfunction: 1
        mov dx, n_file
        int 21h
        call show
        exit 0

%include "files_common.inc"
tmpname   db "SUB\", 0
          times 16 db 0
n_file    db "EXT.DAT", 0
n_missing db "MISSING.DAT", 0
handle    dw 5
