; One logical page at several physical pages at once, and conventional memory
; remapping: an EMS page over conventional memory (the low OS map region at
; 4000h-9FFFh), handle 0's page (conventional memory itself) in the frame, and
; unmapping a conventional window, which shows its own memory again.
%include "ems_macros.inc"
        org 100h
start:
        mov bx, 2
        mov ah, 43h
        int 67h
        mov [h], dx
        mov ax, 4400h                   ; page 0 at physical 0 (D000h) ...
        xor bx, bx
        int 67h
        mov ax, 4401h                   ; ... and at physical 1 (D400h)
        int 67h
        call status
        mov ax, 0D000h
        mov es, ax
        mov ax, 0D400h
        mov fs, ax
        mov byte [es:10h], 'A'          ; written through one ...
        mov al, [fs:10h]                ; ... read through the other
        call hex8
        mov byte [fs:20h], 'B'
        mov al, [es:20h]
        call space
        call hex8
        call eol

        ; the same page at a conventional window (physical 4: 4000h)
        mov ax, 4000h
        mov gs, ax
        mov word [gs:0], 'CV'           ; conventional memory there
        mov ax, 4404h
        xor bx, bx
        mov dx, [h]
        int 67h
        call status_q
        mov al, [gs:10h]                ; now the EMS page: 'A'
        call space
        call hex8
        mov byte [gs:30h], 'C'
        mov al, [es:30h]                ; seen in the frame too
        call space
        call hex8
        call eol
        mov ax, 4404h                   ; unmap: its conventional memory again
        mov bx, 0FFFFh
        int 67h
        call status_q
        mov ax, [gs:0]
        call space
        call hex16
        call eol

        ; handle 0's page 0 (the conventional memory at 4000h) in the frame
        mov ax, 4402h
        xor bx, bx
        xor dx, dx
        int 67h
        call status_q
        mov ax, 0D800h
        mov fs, ax
        mov ax, [fs:0]                  ; 'CV'
        call space
        call hex16
        mov word [fs:2], 'XY'           ; written in the frame ...
        mov ax, [gs:2]                  ; ... is conventional memory
        call space
        call hex16
        call eol

        ; an EMS page over conventional memory, then handle 0's page mapped back
        mov ax, 4404h
        mov bx, 1
        mov dx, [h]
        int 67h
        mov word [gs:0], 'E1'
        mov ax, 4404h
        xor bx, bx
        xor dx, dx
        int 67h
        call status_q
        mov ax, [gs:0]                  ; 'CV' again
        call space
        call hex16
        mov ax, 4401h                   ; page 1 at D400h: what was written over 4000h
        mov bx, 1
        mov dx, [h]
        int 67h
        mov ax, 0D400h
        mov fs, ax
        mov ax, [fs:0]
        call space
        call hex16
        call eol

        ; a DOS read straight into the frame lands in the mapped page
        mov ax, 4400h                   ; page 1 at D000h as well
        mov bx, 1
        int 67h
        mov ax, 3D00h
        mov dx, self_name
        int 21h
        jc .fail
        mov bx, ax
        push ds
        mov ax, 0D000h
        mov ds, ax
        mov dx, 100h
        mov cx, 4
        mov ah, 3Fh
        int 21h
        pop ds
        mov ah, 3Eh
        int 21h
        mov ax, [fs:100h]               ; through D400h: the program's first bytes
        call space
        call hex16
        call eol

        mov dx, [h]
        mov ah, 45h
        int 67h
        call status
        exit 0
.fail:  exit 1

h         dw 0
self_name db "EMS_ALIA.COM", 0
%include "ems_lib.inc"
