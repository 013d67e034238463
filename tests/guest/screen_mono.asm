; Reference screen: monochrome text mode 07h (memory at B000), the picture of
; screen_text80 with the grid in the attributes of a monochrome adapter: normal,
; bright, underlined, bright underlined, reverse, blank (an MDA's, which a VGA
; shows through its attribute palette the same way).
%include "screen_lib.inc"
main:   set_mode 07h
        mov si, attrs
        mov di, t_attrs
        mov cx, attrs_end - attrs
        mov [t_count], cx
        push ds
        pop es
        rep movsb
        call text_screen
        jmp finish

attrs:  db 07h, 0Fh, 01h, 09h, 70h, 00h, 07h
attrs_end:
