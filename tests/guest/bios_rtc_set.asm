; INT 1Ah/03h and 05h set this session's clock; invalid values fail with CF=1.
; Prints "=" then: CF of setting 12:34:56, CX DX read back by 02h, CF of
; setting 2001-02-03, CX DX read back by 04h, CF of setting month 13 and the
; date read back, CF of setting hour 25 and the hour:minute read back.
        org 100h
        stc
        mov ah, 03h
        mov cx, 1234h
        mov dx, 5600h
        int 1Ah
        call save_cf
        mov ah, 02h
        int 1Ah
        call save_cx_dx

        stc
        mov ah, 05h
        mov cx, 2001h
        mov dx, 0203h
        int 1Ah
        call save_cf
        mov ah, 04h
        int 1Ah
        call save_cx_dx

        clc
        mov ah, 05h
        mov cx, 2001h
        mov dx, 1303h           ; month 13
        int 1Ah
        call save_cf
        mov ah, 04h
        int 1Ah
        call save_cx_dx

        clc
        mov ah, 03h
        mov cx, 2500h           ; hour 25
        mov dx, 0000h
        int 1Ah
        call save_cf
        mov ah, 02h
        int 1Ah
        call save_cx_dx

        jmp report

save_cf:
        pushf
        pop ax
        and ax, 1
        jmp save
save_cx_dx:
        mov ax, cx
        call save
        mov ax, dx
        jmp save                ; the shared routine (results.inc)


%include "lib.inc"
%define SAVED_WORDS 16
%include "results.inc"
