; The character generator in plane 2. The program reads the glyph of 'B' back
; from plane 2 and compares it with the ROM's (1130h): exit 1 if they differ.
; Then it writes stripes (AAh, 55h) over the glyph of 'A' through A000 with the
; usual sequence, restores the text registers, loads a glyph for 'B' into map 1
; with 1100h (8 lines solid, 8 blank) and selects map 1 as map A with 1103h.
; Cells: 'A' 07h, 'B' 07h (map B: the ROM's), 'B' 0Fh (bit 3: map A, map 1).
%include "macros.inc"
%include "vgatext_lib.inc"
        org 100h
        mov ax, 0003h
        int 10h
        crtc_out 0Ah, 20h
        seq_out 02h, 04h                ; plane 2 only
        seq_out 04h, 07h                ; sequential addressing
        gc_out 04h, 02h                 ; read plane 2
        gc_out 05h, 00h                 ; no odd/even
        gc_out 06h, 04h                 ; A0000, 64 KiB
        mov ax, 1130h
        mov bh, 6
        int 10h                         ; ES:BP the ROM 8x16 font
        lea si, [bp + 'B' * 16]
        mov ax, 0A000h
        mov ds, ax
        mov di, 'B' * 32
        mov cx, 16
.cmp:   mov al, [di]
        cmp al, [es:si]
        jne .bad
        inc si
        inc di
        loop .cmp
        push cs
        pop ds
        mov ax, 0A000h
        mov es, ax
        mov di, 'A' * 32
        mov ax, 55AAh
        mov cx, 8
        rep stosw
        seq_out 02h, 03h                ; back to text
        seq_out 04h, 03h
        gc_out 04h, 00h
        gc_out 05h, 10h
        gc_out 06h, 0Eh
        push cs
        pop es
        mov ax, 1100h
        mov bx, 1001h                   ; 16 bytes a glyph, map 1
        mov cx, 1
        mov dx, 'B'
        mov bp, half
        int 10h
        mov ax, 1103h
        mov bl, 04h                     ; map A = 1, map B = 0
        int 10h
        mov ax, 0B800h
        mov es, ax
        mov word [es:0], 0700h | 'A'
        mov word [es:2], 0700h | 'B'
        mov word [es:4], 0F00h | 'B'
        exit 0
.bad:   exit 1
half:   times 8 db 0FFh
        times 8 db 00h
