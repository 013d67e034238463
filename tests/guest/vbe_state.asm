; VBE 4F04h: the whole state (hardware, BIOS data, DAC, VESA) of mode 101h with a
; pitch of 800, the display from line 10, bank 3 and an 8-bit DAC is saved, mode 103h
; set (memory kept), and the state restored. BLOCKS: the size 4F04h/00h must give.
; Exit code: the failed check.
        org 100h
%include "vbe_lib.inc"
        set_mode 101h
        mov bl, 00h
        mov cx, 800
        vbe 06h
        mov bl, 00h
        mov cx, 0
        mov dx, 10
        vbe 07h
        xor bx, bx
        mov dx, 3
        vbe 05h
        mov bx, 0800h
        vbe 08h
        mov dx, 3C8h                    ; entry 5: 250, 1, 2 (8 bits)
        mov al, 5
        out dx, al
        inc dx
        mov al, 250
        out dx, al
        mov al, 1
        out dx, al
        mov al, 2
        out dx, al
        pixel 3, 10, 5

        mov dl, 00h
        mov cx, 000Fh
        vbe 04h
        check ax, 004Fh, 1
        check bx, BLOCKS, 2
        mov dl, 00h                     ; the VESA state alone: the header and a few bytes
        mov cx, 0008h
        vbe 04h
        check bx, 1, 3
        mov dl, 01h
        mov cx, 000Fh
        mov bx, buf
        vbe 04h
        check ax, 004Fh, 4

        set_mode 8103h                  ; another mode, memory kept
        check ax, 004Fh, 5
        mov dl, 02h
        mov cx, 000Fh
        mov bx, buf
        vbe 04h
        check ax, 004Fh, 6

        vbe 03h
        check bx, 101h, 7
        mov bl, 01h
        vbe 06h
        check bx, 800, 8
        mov bl, 01h
        vbe 07h
        check cx, 0, 9
        check dx, 10, 10
        mov bx, 0100h
        vbe 05h
        check dx, 3, 11
        mov bl, 01h
        vbe 08h
        check bh, 8, 12
        mov dx, 3C7h
        mov al, 5
        out dx, al
        mov dx, 3C9h
        in al, dx
        check al, 250, 13
        mov dl, 03h                     ; no such subfunction
        vbe 04h
        check ax, 014Fh, 14
        xor al, al
fail:   mov ah, 4Ch
        int 21h
buf:    times 4096 db 0
