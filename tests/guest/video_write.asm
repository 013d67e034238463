; INT 10h 09h/0Ah write a character (with or without attribute) CX times at the
; cursor without moving it; 08h reads a cell back. Prints "=" and words on row 10.
        org 100h

%macro setcur 2
        mov ah, 02h
        mov bh, 0
        mov dh, %1
        mov dl, %2
        int 10h
%endmacro

%macro readcell 0               ; 08h at the cursor
        mov ah, 08h
        mov bh, 0
        int 10h
        call save
%endmacro

        mov ax, 0003h
        int 10h

        setcur 3, 5
        mov ax, 092Ah           ; '*' attribute 1F, 4 times
        mov bx, 001Fh
        mov cx, 4
        int 10h
        mov ah, 03h
        mov bh, 0
        int 10h
        mov ax, dx
        call save               ; 0305: the cursor did not move
        readcell                ; 1F2A

        setcur 3, 6
        mov ax, 0A23h           ; '#' twice, attributes kept
        mov bx, 0000h
        mov cx, 2
        int 10h
        setcur 3, 7
        readcell                ; 1F23
        setcur 3, 8
        readcell                ; 1F2A
        setcur 3, 9
        readcell                ; 0720

        setcur 4, 78
        mov ax, 092Bh           ; '+' attribute 2E, 3 times: goes on to row 5
        mov bx, 002Eh
        mov cx, 3
        int 10h
        setcur 5, 0
        readcell                ; 2E2B
        setcur 5, 1
        readcell                ; 0720

        mov ax, 0B800h          ; a cell written directly is what 08h reads
        mov es, ax
        mov word [es:(6 * 80) * 2], 3441h
        setcur 6, 0
        readcell                ; 3441

        setcur 10, 0
        mov dx, eq
        mov ah, 09h
        int 21h
        mov si, saved
        mov cx, [nsaved]
        shr cx, 1
.out:   lodsw
        call hex16
        call space
        loop .out
        mov ax, 4C00h | 0
        int 21h

save:   mov di, [nsaved]
        mov [saved + di], ax
        add word [nsaved], 2
        ret

eq      db "=$"
nsaved  dw 0
saved   times 16 dw 0

%include "lib.inc"
