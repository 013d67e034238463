; Saving a session's EMS state. "W": allocate 3 pages named KEEPME, fill page i
; with the letter a+i, show page 2 at physical page 3 (DC00h) and page 1 over
; conventional memory at 4400h, and exit without freeing anything. "R" (in a
; session given the saved state): find the handle by name and check all of it.
%include "ems_macros.inc"
        org 100h
start:
        cmp byte [81h + 1], 'W'
        je write
        mov si, name                    ; R: find it
        emm_q 5401h
        mov [h], dx
        show dx
        call space
        emm_q 4C00h
        show bx
        call eol
        mov ax, 0DC00h                  ; still mapped: page 2, and page 1 at 4400h
        mov es, ax
        mov al, [es:3FFFh]
        call hex8
        mov ax, 4400h
        mov es, ax
        mov al, [es:0]
        call space
        call hex8
        call eol
        xor bx, bx                      ; every byte of every page
.page:  mov ax, 4400h
        mov dx, [h]
        int 67h
        mov ax, 0D000h
        mov es, ax
        xor di, di
        mov al, bl
        add al, 'a'
        mov cx, 4000h
        repe scasb
        jne .bad
        inc bx
        cmp bx, 3
        jb .page
        mov dx, s_same
        call text
        mov dx, [h]
        emm 4800h                       ; the map 47h saved before is still there
        emm 4500h
        exit 0
.bad:   mov dx, s_differ
        call text
        exit 1

write:
        mov bx, 3
        mov ah, 43h
        int 67h
        mov [h], dx
        mov si, name
        mov ax, 5301h
        int 67h
        xor bx, bx
.fill:  mov ax, 4400h
        mov dx, [h]
        int 67h
        mov ax, 0D000h
        mov es, ax
        xor di, di
        mov al, bl
        add al, 'a'
        mov cx, 4000h
        rep stosb
        inc bx
        cmp bx, 3
        jb .fill
        mov dx, [h]
        mov ax, 4403h
        mov bx, 2
        int 67h
        mov ax, 4405h                   ; physical page 5: 4400h
        mov bx, 1
        int 67h
        mov ah, 47h
        int 67h
        call status
        exit 0

h        dw 0
name     db "KEEPME  "
s_same   db "same", 13, 10, "$"
s_differ db "differ", 13, 10, "$"
%include "ems_lib.inc"
