; Reference screen: VGA mode 11h, 640x480 in 2 colours, the picture of
; screen_vga12 in plane 0, then planes 1-3 cleared, so that every pixel is
; colour 0 or 1 (the VGA BIOS's palette for 11h alternates 00h and 3Fh, so only
; plane 0 shows; another implementation shows every colour but 0 in the
; foreground), and the foreground's DAC entry 3Fh set to (20, 40, 63).
%include "screen_lib.inc"
main:   set_mode 11h
        mov word [p_bytes], 80
        mov word [p_lines], 480
        call planar_picture
        xor si, si
.row:   pixel si, 479, 01h
        inc si
        cmp si, 640
        jb .row
        xor si, si
.col:   pixel 600, si, 81h
        inc si
        cmp si, 479
        jb .col
        seq 02h, 0Eh                    ; planes 1-3: zero
        mov ax, 0A000h
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 80 * 480 / 2
        rep stosw
        seq 02h, 0Fh
        dac 3Fh, 20, 40, 63
        jmp finish
