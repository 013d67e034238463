; INT 10h 0Fh get video state and 00h set mode: the screen is cleared (unless
; bit 7 of AL is set) and the BIOS data area follows. Prints "=" and words.
        org 100h

%macro state 0
        mov ah, 0Fh
        int 10h
        call save               ; AH columns, AL mode
        mov al, bh
        xor ah, ah
        call save               ; page
%endmacro

        mov ax, 0003h
        int 10h
        mov ax, 40h
        mov es, ax
        mov dx, junk
        mov ah, 09h
        int 21h
        mov ah, 02h
        mov bh, 0
        mov dx, 0505h
        int 10h

        state                   ; 5003 0000

        mov ax, 0001h           ; 40 columns
        int 10h
        state                   ; 2801 0000
        mov al, [es:49h]
        xor ah, ah
        call save               ; 0001
        mov ax, [es:4Ah]
        call save               ; 0028
        mov ah, 03h
        mov bh, 0
        int 10h
        mov ax, dx
        call save               ; 0000: the cursor is home

        mov ax, 0003h
        int 10h
        mov al, [es:49h]
        xor ah, ah
        call save               ; 0003
        mov ax, [es:4Ah]
        call save               ; 0050

        push es
        mov ax, 0B800h
        mov es, ax
        mov word [es:0], 1E51h  ; 'Q' attribute 1E
        mov ax, 0083h           ; mode 3 without clearing
        int 10h
        mov ax, [es:0]
        call save               ; 1E51
        mov ax, 0003h           ; and with clearing
        int 10h
        mov ax, [es:0]
        call save               ; 0720
        mov ax, [es:(80 * 25 - 1) * 2]
        call save               ; 0720
        pop es
        state                   ; 5003 0000

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

junk    db "JUNK on the screen", 13, 10, "more junk", 13, 10, "$"
eq      db "=$"
nsaved  dw 0
saved   times 24 dw 0

%include "lib.inc"
