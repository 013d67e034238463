; The EMS calls whose answers DOSBox's built-in EMS gives as LIM 4.0 says, for a
; side-by-side run: detection, status, version, allocation and its errors, map
; and its errors, one page at two physical pages, code run from a page, pages
; per handle, reallocation, names, saved maps, many pages at once,
; a move through 57h, freeing. The frame's segment comes from 41h.
%include "ems_macros.inc"
        org 100h
start:
        mov ax, 3567h
        int 21h
        mov di, 0Ah
        mov si, emm_name
        mov cx, 8
        repe cmpsb
        mov dx, s_name_ok
        je .named
        mov dx, s_name_missing
.named: call text
        mov ax, 3D00h
        mov dx, emm_name_z
        int 21h
        jc .nodev
        mov bx, ax
        mov ax, 4400h
        int 21h
        mov ax, dx
        call hex16
        mov ah, 3Eh
        int 21h
.nodev: call eol

        emm 4000h
        emm_q 4600h
        call space
        call hex8
        call eol
        mov ah, 41h
        int 67h
        mov [frame], bx
        add bx, 400h
        mov [frame1], bx
        emm_q 4B00h
        show bx
        call eol

        xor bx, bx
        emm 4300h                       ; 89h
        mov bx, 4
        emm_q 4300h
        mov [h], dx
        show dx
        call eol
        emm_q 4C00h
        show bx
        call eol
        mov dx, 99h
        emm 4C00h                       ; 83h

        mov dx, [h]
        xor bx, bx
        emm 4400h
        mov dx, 99h
        emm 4400h                       ; 83h
        mov dx, [h]
        mov bx, 4
        emm 4400h                       ; 8Ah
        xor bx, bx
        emm 44F0h                       ; 8Bh
        emm 4401h                       ; page 0 at physical 0 and 1
        mov es, [frame]
        mov fs, [frame1]
        mov byte [es:10h], 'A'
        mov al, [fs:10h]
        call hex8
        mov word [es:0], 0CB1111B8h & 0FFFFh   ; mov ax, 1111h / retf
        mov word [es:2], 0CB1111B8h >> 16
        mov bx, 1
        mov ax, 4400h
        int 67h
        mov word [es:0], 1234h
        mov dword [es:10h], 0CB2222B8h  ; mov ax, 2222h / retf at 10h
        xor bx, bx
        mov ax, 4400h
        int 67h
        mov [target + 2], es
        call far [target]
        call space
        call hex16
        mov bx, 1
        mov ax, 4400h
        int 67h
        mov ax, [es:0]
        call space
        call hex16
        mov word [target], 10h
        call far [target]
        call space
        call hex16
        call eol

        mov dx, [h]
        mov bx, 6
        emm 5100h
        emm_q 4C00h
        show bx
        call eol
        mov bx, 4
        emm 5100h
        mov dx, 99h
        emm 5100h                       ; 83h

        mov dx, [h]
        push ds
        pop es
        mov si, name
        mov di, name
        emm 5301h
        mov di, buffer
        emm 5300h
        mov byte [buffer + 8], '$'
        mov dx, buffer
        call text
        call eol
        mov si, name
        emm_q 5401h
        show dx
        call eol
        mov si, no_name
        emm 5401h                       ; A0h

        mov dx, [h]
        emm 4700h
        emm 4700h                       ; 8Dh
        emm 4800h
        emm 4800h                       ; 8Eh

        mov di, buffer
        emm_q 4D00h
        show bx
        show word [buffer]
        show word [buffer + 4]          ; (handle 0's size differs: not compared)
        show word [buffer + 6]
        call eol

        mov si, list
        mov cx, 2
        mov dx, [h]
        emm 5000h                       ; page 2 at 0, page 3 at 1
        mov es, [frame]
        mov byte [es:0], '2'
        mov es, [frame1]
        mov byte [es:0], '3'
        mov ax, [frame1]
        mov [list_seg + 2], ax
        mov si, list_seg
        mov cx, 1
        emm 5001h                       ; page 2 at the frame's second page
        mov al, [es:0]
        call hex8
        call eol

        mov ax, [h]                     ; 57h: the pattern to page 3, then back
        mov [move1 + 0Ch], ax
        mov [move2 + 5], ax
        mov [move1 + 9], ds
        mov [move2 + 10h], ds
        mov si, move1
        emm 5700h
        mov si, move2
        emm 5700h
        push ds
        pop es
        mov si, pattern
        mov di, buffer
        mov cx, 16
        repe cmpsb
        mov dx, s_same
        je .same
        mov dx, s_differ
.same:  call text

        emm 6000h                       ; 84h
        mov dx, [h]
        emm 4500h
        emm 4500h                       ; 83h
        xor bx, bx
        emm_q 5A00h
        show dx
        call eol
        emm 4500h
        exit 0

emm_name     db "EMMXXXX0"
emm_name_z   db "EMMXXXX0", 0
s_name_ok    db "name ok", 13, 10, "$"
s_name_missing db "no name", 13, 10, "$"
s_same       db "same", 13, 10, "$"
s_differ     db "differ", 13, 10, "$"
name         db "TESTNAME"
no_name      db "NOSUCH  "
frame        dw 0
frame1       dw 0
h            dw 0
target       dw 0, 0
list         dw 2, 0, 3, 1
list_seg     dw 2, 0
pattern      db "0123456789ABCDEF"
move1        dd 16                      ; conventional pattern -> page 3 offset 20h
             db 0
             dw 0, pattern, 0
             db 1
             dw 0, 20h, 3
move2        dd 16                      ; page 3 offset 20h -> buffer
             db 1
             dw 0, 20h, 3
             db 0
             dw 0, buffer, 0
buffer       times 64 db 0
%include "ems_lib.inc"
