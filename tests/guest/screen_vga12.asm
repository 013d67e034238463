; Reference screen: VGA mode 12h, 640x480 in 16 colours, drawn through the
; graphics controller (write modes 0-3, set/reset, XOR, latches, map mask), the
; palette register 5 pointed at DAC entry 3Fh and DAC entries 7 and 3Fh changed,
; and INT 10h/0Ch pixels.
%include "screen_lib.inc"
main:   set_mode 12h
        mov word [p_bytes], 80
        mov word [p_lines], 480
        call planar_picture
        mov ax, 1000h                   ; palette register 5: DAC entry 3Fh
        mov bx, 3F05h
        int 10h
        dac 07h, 10, 20, 33
        mov ax, 1010h                   ; DAC entry 3Fh through the BIOS: (63, 1, 62)
        mov bx, 3Fh
        mov dh, 63
        mov ch, 1
        mov cl, 62
        int 10h
        xor si, si
.row:   pixel si, 479, 0Eh
        inc si
        cmp si, 640
        jb .row
        xor si, si
.col:   pixel 600, si, 89h
        inc si
        cmp si, 479
        jb .col
        jmp finish
