; The HMA: a request of 1000h bytes, one of FFFFh (an application), two releases.
; Under XMS_MINIMUM_HMA=16 the small request gets 92h; under DOS_HIGH=ON DOS holds
; the HMA (91h) and nothing can release it (93h). After a successful request the
; HMA is usable: a byte written at FFFF:0010 with A20 on reads back, and 0:0 is
; not touched.
%include "macros.inc"
        cpu 386
        org 100h

%macro XS 1
        mov ah, %1
        call xms_call
        call show
%endmacro

start:
        mov sp, stack_top
        call xms_find
        jnc .found
        exit 1
.found:
        mov dx, 1000h
        XS 01h
        mov dx, 0FFFFh
        XS 01h
        cmp ax, 1
        jne .release
        XS 03h                               ; A20 on, then use the HMA
        push es
        mov ax, 0FFFFh
        mov es, ax
        mov byte [es:0010h], 5Ah
        mov byte [es:0FFFFh], 0A5h
        xor ax, ax
        mov es, ax
        mov al, [es:0000h]
        mov bl, al
        mov ax, 0FFFFh
        mov es, ax
        cmp byte [es:0010h], 5Ah
        jne .bad
        cmp byte [es:0FFFFh], 0A5h
        jne .bad
        xor ax, ax
        mov es, ax
        cmp [es:0000h], bl
        jne .bad
        pop es
        print s_hma
        XS 04h
        jmp .release
.bad:   pop es
        print s_bad
.release:
        XS 02h
        XS 02h
        exit 0

s_hma:  db "hma usable", 13, 10, "$"
s_bad:  db "hma broken", 13, 10, "$"

%include "xms_lib.inc"
        times 256 db 0
stack_top:
