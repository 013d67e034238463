; Code in expanded memory: far calls into pages mapped in turn at one address,
; 55h (map and jump) and 56h (map and call, which maps the old pages back when
; the target returns), first served directly, then through a hook of INT 67h
; that chains to the driver as a TSR would.
%include "ems_macros.inc"
        org 100h
start:
        mov ax, cs                      ; the map lists' far pointers point here
        mov [jump_seg], ax
        mov [call_seg1], ax
        mov [call_seg2], ax
        mov [call_seg3], ax
        mov [call_seg4], ax
        mov [call_seg5], ax
        mov [call_seg6], ax
        mov bx, 3
        mov ah, 43h
        int 67h
        mov [h], dx
        mov ax, 0D000h
        mov es, ax
        xor bx, bx                      ; page 0: mov ax, 1111h / retf
        call map0
        mov dword [es:0], 0CB1111B8h
        inc bx                          ; page 1: mov ax, 2222h / retf
        call map0
        mov dword [es:0], 0CB2222B8h
        inc bx                          ; page 2: at 10h mov bx, 3333h / jmp far back
        call map0                       ;         at 20h mov cx, 4444h / retf
        mov byte [es:10h], 0BBh
        mov word [es:11h], 3333h
        mov byte [es:13h], 0EAh
        mov word [es:14h], after_jump
        mov [es:16h], cs
        mov byte [es:20h], 0B9h
        mov word [es:21h], 4444h
        mov byte [es:23h], 0CBh

        call tests
        ; the same through a TSR-style hook of INT 67h
        mov ax, 3567h
        int 21h
        mov [old67], bx
        mov [old67 + 2], es
        mov ax, 2567h
        mov dx, hook67
        int 21h
        call tests
        mov ax, 2567h
        push ds
        lds dx, [old67]
        int 21h
        pop ds
        mov dx, [h]
        mov ah, 45h
        int 67h
        call status
        exit 0

tests:
        mov ax, 0D000h
        mov es, ax
        xor bx, bx                      ; one address, the code of two pages in turn
        call map0
        call 0D000h:0000h
        call space
        call hex16
        mov bx, 1
        call map0
        call 0D000h:0000h
        call space
        call hex16
        call eol

        ; 55h: map page 2 at physical 0 and jump to D000:0010h
        mov dx, [h]
        mov si, jump_phys
        xor bx, bx
        mov ax, 5500h
        mov [saved_sp], sp
        int 67h
        call status                     ; only on an error
        jmp after55
after_jump:
        mov sp, [saved_sp]
        call status_q                   ; AH from the jump
        show bx
        call eol
after55:
        mov dx, 99h
        mov si, jump_phys
        emm 5500h                       ; bad handle: 83h, no jump
        ; 56h: call D000:0020h with page 2 at physical 0, page 0 back after the return
        mov dx, [h]
        mov si, call_phys
        xor cx, cx
        emm_q 5600h
        show cx
        call 0D000h:0000h               ; page 0 is back: 1111h
        call space
        call hex16
        call eol
        mov si, call_seg                ; the same by segment
        xor cx, cx
        emm_q 5601h
        show cx
        call eol
        mov si, call_bad
        emm 5600h                       ; physical page 30: 8Bh
        emm_q 5602h
        show bx
        call eol
        ret

map0:
        push ax
        push dx
        mov dx, [h]
        mov ax, 4400h
        int 67h
        pop dx
        pop ax
        ret

; A TSR's INT 67h: do the call through the old handler, then return.
hook67:
        pushf
        call far [cs:old67]
        iret

h          dw 0
old67      dd 0
saved_sp   dw 0
map_page2  dw 2, 0
map_page0  dw 0, 0
map_seg2   dw 2, 0D000h
map_seg0   dw 0, 0D000h
map_bad    dw 2, 30
jump_phys  dw 0010h, 0D000h
           db 1
           dw map_page2
jump_seg   dw 0                         ; the program's segment, set at the start
call_phys  dw 0020h, 0D000h
           db 1
           dw map_page2
call_seg1  dw 0
           db 1
           dw map_page0
call_seg2  dw 0
           times 8 db 0
call_seg   dw 0020h, 0D000h
           db 1
           dw map_seg2
call_seg3  dw 0
           db 1
           dw map_seg0
call_seg4  dw 0
           times 8 db 0
call_bad   dw 0020h, 0D000h
           db 1
           dw map_bad
call_seg5  dw 0
           db 1
           dw map_page0
call_seg6  dw 0
           times 8 db 0
%include "ems_lib.inc"
