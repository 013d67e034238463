; Reference screen: text mode 03h scrolled and split: the picture of
; screen_text80 shown from row 2, column 1 (start address 161), 5 lines into the
; first row (preset row scan), and from address 0 again below scan line 200 (line
; compare). The pixel panning stays 8, no shift in 9-dot cells: DOSBox 0.74 pans
; 9-dot text otherwise than a VGA (value 2 is 3 dots to the left).
%include "screen_lib.inc"
main:   set_mode 03h
        call text_screen
        mov bx, 2 * 80 + 1
        mov cx, 0805h
        mov dx, 200
        call scroll_split
        jmp finish
