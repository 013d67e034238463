; Reference screen: monochrome text mode 07h (memory at B000), the picture of
; screen_text80 in every monochrome attribute but those with an underline
; (bits 0-2 001) and a background (bits 4-6): a VGA underlines only when bits
; 1-2 and 4-6 are clear, while DOSBox 0.74 underlines those too.
%include "screen_lib.inc"
main:   set_mode 07h
        mov di, t_attrs
        xor ax, ax                      ; AL: the attribute
.attr:  mov ah, al
        and ah, 77h
        cmp ah, 01h
        je .keep
        and ah, 07h
        cmp ah, 01h
        je .skip
.keep:  mov [di], al
        inc di
.skip:  inc al
        jnz .attr
        sub di, t_attrs
        mov [t_count], di
        call text_screen
        jmp finish
