; EMS detection as programs do it: the name EMMXXXX0 at offset 0Ah of INT 67h's
; segment, and opening the EMMXXXX0 device through DOS (IOCTL 4400h: a device;
; 4407h: ready). Then status (40h), version (46h), page frame (41h), page counts (42h).
%include "ems_macros.inc"
        org 100h
start:
        mov ax, 3567h                   ; ES:BX = INT 67h
        int 21h
        mov di, 0Ah
        mov si, emm_name
        mov cx, 8
        repe cmpsb
        mov dx, s_name_ok
        je .named
        mov dx, s_name_missing
.named: call text

        mov ax, 3D00h                   ; open EMMXXXX0 for reading
        mov dx, emm_name_z
        int 21h
        jc .no_device
        mov bx, ax
        mov ax, 4400h                   ; device information
        int 21h
        show dx
        mov ax, 4407h                   ; output status
        int 21h
        call space
        call hex8
        mov ah, 3Eh
        int 21h
        call eol
        jmp .status
.no_device:
        mov dx, s_open_error
        call text
        call hex16
        call eol

.status:
        mov ah, 40h
        int 67h
        call status
        emm_q 4600h
        call space
        call hex8
        call eol
        emm_q 4100h
        show bx
        call eol
        emm_q 4200h
        show bx
        show dx
        call eol
        exit 0

emm_name     db "EMMXXXX0"
emm_name_z   db "EMMXXXX0", 0
s_name_ok    db "name ok", 13, 10, "$"
s_name_missing db "no name", 13, 10, "$"
s_open_error db "open error $"
%include "ems_lib.inc"
