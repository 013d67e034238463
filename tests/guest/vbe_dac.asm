; VBE 4F08h/4F09h: the DAC switched to 8 bits in mode 101h; ports 3C8h/3C9h, 4F09h
; and INT 10h/10xxh then take and give whole bytes; a mode set returns to 6 bits;
; the direct colour modes refuse 4F08h. Pixels 0-2 of line 0 show entries 1-3.
; Exit code: the failed check.
        org 100h
%include "vbe_lib.inc"
        mov dword [info], 'VBE2'        ; 4F00h: capabilities bit 0, the DAC can switch
        mov di, info
        vbe 00h
        check ax, 004Fh, 1
        test byte [info+0Ah], 1
        jnz .caps
        mov al, 2
        jmp fail
.caps:  set_mode 111h                   ; 640x480, 16 bits: no palette format here
        mov bl, 01h
        vbe 08h
        check ax, 034Fh, 3
        set_mode 101h
        mov bl, 01h
        vbe 08h
        check ax, 004Fh, 4
        check bh, 6, 5
        mov bx, 0800h                   ; 8 bits, then a mode set returns to 6
        vbe 08h
        check ax, 004Fh, 6
        check bh, 8, 7
        set_mode 101h
        mov bl, 01h
        vbe 08h
        check bh, 6, 8
        mov bx, 0A00h                   ; 10 bits asked: the widest there is, 8
        vbe 08h
        check bh, 8, 9
        mov bl, 02h
        vbe 08h
        check ax, 014Fh, 10

        mov dx, 3C8h                    ; entry 1 through the ports: 200, 100, 50
        mov al, 1
        out dx, al
        inc dx
        mov al, 200
        out dx, al
        mov al, 100
        out dx, al
        mov al, 50
        out dx, al
        mov dx, 3C7h                    ; read back whole
        mov al, 1
        out dx, al
        mov dx, 3C9h
        in al, dx
        check al, 200, 11
        in al, dx
        check al, 100, 12
        in al, dx
        check al, 50, 13

        xor bl, bl                      ; entry 2 by 4F09h: blue 10, green 128, red 255
        mov cx, 1
        mov dx, 2
        mov di, pal
        vbe 09h
        check ax, 004Fh, 14
        mov bl, 80h                     ; entry 4 the same way, "during the retrace"
        mov cx, 1
        mov dx, 4
        mov di, pal
        vbe 09h
        check ax, 004Fh, 24
        mov dx, 3C7h
        mov al, 4
        out dx, al
        mov dx, 3C9h
        in al, dx
        check al, 255, 25
        mov ax, 1010h                   ; entry 3 by INT 10h: red 250, green 5, blue 130
        mov bx, 3
        mov dh, 250
        mov cx, 0582h
        int 10h
        mov ax, 1015h
        mov bx, 1
        int 10h
        check dh, 200, 15
        check ch, 100, 16
        check cl, 50, 17
        mov bl, 01h                     ; 4F09h reads entries 1-2: blue, green, red, 0
        mov cx, 2
        mov dx, 1
        mov di, got
        vbe 09h
        check ax, 004Fh, 18
        check dword [got], 00C86432h, 19
        check dword [got+4], 00FF800Ah, 20
        mov bl, 02h                     ; no secondary palette
        vbe 09h
        check ax, 024Fh, 21
        mov bl, 03h
        vbe 09h
        check ax, 024Fh, 22
        xor bl, bl                      ; past entry 255
        mov cx, 2
        mov dx, 255
        vbe 09h
        check ax, 014Fh, 23

        pixel 0, 0, 1
        pixel 1, 0, 2
        pixel 2, 0, 3
        xor al, al
fail:   mov ah, 4Ch
        int 21h
pal:    db 10, 128, 255, 0
got:    times 8 db 0
info:   times 512 db 0
