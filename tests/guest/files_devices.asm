; Devices by name: in any folder that exists, with any extension.
%include "macros.inc"
        org 100h
        mov ax, 3D01h               ; 1: NUL takes what is written
        mov dx, n_nul
        int 21h
        call show
        mov bx, ax
        mov ah, 40h
        mov cx, 5
        mov dx, n_nul
        int 21h
        call show
        mov ah, 3Fh                 ; 2: and gives nothing (opened write-only: 5?) -- reopen to read
        mov ah, 3Eh
        int 21h
        mov ax, 3D00h               ; 3: NUL.TXT in a folder that exists reads nothing
        mov dx, n_nulext
        int 21h
        call show
        mov bx, ax
        mov ah, 3Fh
        mov cx, 5
        mov dx, buf
        int 21h
        call show
        mov ax, 4400h               ; 4: it is a device, NUL
        int 21h
        call showdx
        mov ah, 3Eh
        int 21h
        mov ax, 3D00h               ; 5: NUL in a folder that does not exist: 3
        mov dx, n_nulbad
        int 21h
        call show
        mov ax, 3D01h               ; 6: CON by name writes to the screen
        mov dx, n_con
        int 21h
        call show
        mov bx, ax
        mov ah, 40h
        mov cx, msg_len
        mov dx, msg
        int 21h
        call show
        mov ax, 4400h               ; 7: CON's information word
        int 21h
        call showdx
        mov ah, 3Eh
        int 21h
        mov ah, 3Ch                 ; 8: creating \DEV\NUL opens the device
        xor cx, cx
        mov dx, n_devnul
        int 21h
        call show
        mov bx, ax
        mov ax, 4400h
        int 21h
        call showdx
        mov ah, 3Eh
        int 21h
        mov ax, 4400h               ; 9: standard input and output are CON
        xor bx, bx
        int 21h
        call showdx
        mov ax, 4400h
        mov bx, 1
        int 21h
        call showdx
        mov ax, 4407h               ; 10: output ready
        mov bx, 1
        int 21h
        call show
        mov ah, 3Ch                 ; 11: a disk file's information word: drive C, clean
        xor cx, cx
        mov dx, n_file
        int 21h
        mov bx, ax
        mov ax, 4400h
        int 21h
        call showdx
        mov ah, 40h                 ;     and once written
        mov cx, 1
        mov dx, msg
        int 21h
        mov ax, 4400h
        int 21h
        call showdx
        mov ax, 4401h               ; 12: setting it on a file: 1
        xor dx, dx
        int 21h
        call show
        mov ax, 4200h
        xor cx, cx
        xor dx, dx
        int 21h
        mov ax, 4406h               ; 13: input status: data to read
        int 21h
        call show
        mov ax, 4202h
        xor cx, cx
        xor dx, dx
        int 21h
        mov ax, 4406h               ;     at the end: none
        int 21h
        call show
        mov ah, 3Eh
        int 21h
        mov ax, 4408h               ; 14: drive C is fixed
        mov bl, 3
        int 21h
        call show
        mov ax, 4408h               ; 15: drive Q is not there: 15
        mov bl, 17
        int 21h
        call show
        mov ax, 44FFh               ; 16: no such IOCTL call: 1
        int 21h
        call show
        exit 0

%include "files_common.inc"
n_nul    db "NUL", 0
n_nulext db "C:\SUB\NUL.TXT", 0
n_nulbad db "C:\NOSUCH\NUL", 0
n_con    db "con.log", 0
n_devnul db "\DEV\NUL", 0
n_file   db "INFO.DAT", 0
msg      db "on the screen", 13, 10
msg_len  equ $ - msg
buf      times 16 db 0
