; VBE 4F06h/4F07h: a logical scan line of 1024 pixels in mode 101h (640x480, 8 bits),
; the maximum and the errors; INT 10h pixels and teletype, and the window, at that
; pitch; the display start moved to pixel 100 of line 1. Exit code: the failed check.
        org 100h
%include "vbe_lib.inc"
        set_mode 101h
        check ax, 004Fh, 1
        mov bl, 01h                     ; the mode's own pitch
        vbe 06h
        check ax, 004Fh, 2
        check bx, 640, 3
        check cx, 640, 4
        mov bl, 03h                     ; maximum: 4 MiB over 480 lines, in whole dwords
        vbe 06h
        check ax, 004Fh, 5
        check bx, 8736, 6
        check cx, 8736, 7
        mov bl, 00h                     ; too long for the memory
        mov cx, 9000
        vbe 06h
        check ax, 024Fh, 8
        mov bl, 02h
        mov cx, 9000
        vbe 06h
        check ax, 024Fh, 9
        mov bl, 04h                     ; no such subfunction
        vbe 06h
        check ax, 014Fh, 10
        mov bl, 02h                     ; 1001 bytes: rounded up to a whole dword
        mov cx, 1001
        vbe 06h
        check ax, 004Fh, 11
        check bx, 1004, 12
        mov bl, 00h                     ; 1024 pixels
        mov cx, 1024
        vbe 06h
        check ax, 004Fh, 13
        check bx, 1024, 14
        check cx, 1024, 15
        check dx, 4096, 16              ; lines in 4 MiB
        mov cx, 101h                    ; 4F01h tells the pitch of the current mode
        mov di, info
        vbe 01h
        check word [info+10h], 1024, 17

        pixel 150, 3, 4                 ; memory line 3, pixel 150
        push es                         ; through the window: line 5, pixel 700
        mov ax, 0A000h
        mov es, ax
        mov byte [es:5*1024+700], 2
        pop es
        mov ah, 02h                     ; teletype 'A' in yellow at row 0, column 13
        xor bh, bh
        mov dx, 000Dh
        int 10h
        mov ax, 0E41h
        mov bx, 000Eh
        int 10h
        mov ah, 0Dh                     ; INT 10h reads the pixel back at the pitch
        mov cx, 150
        mov dx, 3
        int 10h
        check al, 4, 18

        mov bl, 80h                     ; show from pixel 100 of line 1 (80h: during retrace)
        mov cx, 100
        mov dx, 1
        vbe 07h
        check ax, 004Fh, 19
        mov bl, 00h                     ; a start that leaves no whole screen: refused, unchanged
        mov cx, 0
        mov dx, 4000
        vbe 07h
        check ax, 014Fh, 20
        mov bl, 01h
        vbe 07h
        check ax, 004Fh, 21
        check cx, 100, 22
        check dx, 1, 23
        mov bl, 02h
        vbe 07h
        check ax, 014Fh, 24
        xor al, al
fail:   mov ah, 4Ch
        int 21h
info:   times 256 db 0
