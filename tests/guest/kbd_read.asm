; INT 16h with keys from standard input: 01h peeks (ZF=0, key in AX) without
; taking the key, 00h takes it. Prints "=" then: ZF and AX of two peeks, then
; each key 00h returns until 01h reports an empty buffer (ZF=1), then "/" and
; ZF of that last peek.
        org 100h
        mov ah, 01h
        int 16h
        call save_zf_ax
        mov ah, 01h
        int 16h
        call save_zf_ax

.next:  mov ah, 01h
        int 16h
        jz .empty
        mov ah, 00h
        int 16h
        call save
        jmp .next
.empty: pushf
        mov ax, 2F2Fh           ; "//": separator
        call save
        popf
        call save_zf_ax

        jmp report

save_zf_ax:                     ; saves ZF (0000/0001) then AX
        pushf
        push ax
        pushf
        pop ax
        shr ax, 6
        and ax, 1
        call save
        pop ax
        popf
        jnz save
        xor ax, ax              ; no key: AX is meaningless
        jmp save                ; the shared routine (results.inc)


%include "lib.inc"
%define SAVED_WORDS 48
%include "results.inc"
