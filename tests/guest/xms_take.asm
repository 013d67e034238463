; Take extended memory and keep it: free memory, allocate KIB KiB (a -D define),
; if that fails half of it, free memory again. The blocks stay with the session.
%include "macros.inc"
        cpu 386
        org 100h

start:
        mov sp, stack_top
        call xms_find
        jnc .found
        exit 1
.found:
        call free
        mov dx, KIB
        mov ah, 09h
        call xms_call
        call show
        test ax, ax
        jnz .done
        mov dx, KIB / 2
        mov ah, 09h
        call xms_call
        call show
.done:  call free
        exit 0

free:   mov ah, 08h
        call xms_call
        call hex16
        call space
        mov ax, dx
        call hex16
        call space
        mov al, bl
        call hex8
        call newline
        ret

%include "xms_lib.inc"
        times 256 db 0
stack_top:
