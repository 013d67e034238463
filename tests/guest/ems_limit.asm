; A session's limit (run with EMS_MEMORY_LIMIT=64: 4 pages): 87h for more pages
; than the limit, 88h for more than are free, for allocation and reallocation,
; and 85h when all 254 handles a program may have are in use.
%include "ems_macros.inc"
        org 100h
start:
        emm_q 4200h
        show bx
        show dx
        call eol
        mov bx, 5
        emm 4300h                       ; 87h
        mov bx, 3
        emm_q 4300h                     ; 3 pages
        mov [h], dx
        call eol
        mov bx, 2
        emm 4300h                       ; only 1 free: 88h
        mov bx, 2
        emm 5A00h                       ; the same with 5Ah: 88h
        mov dx, [h]
        mov bx, 5
        emm 5100h                       ; 87h
        mov bx, 4
        emm 5100h                       ; all 4
        emm_q 4200h
        show bx
        call eol
        mov bx, 1
        emm 4300h                       ; 88h
        xor si, si                      ; handles of 0 pages until there are none
.more:  xor bx, bx
        mov ax, 5A00h
        int 67h
        or ah, ah
        jnz .full
        inc si
        jmp .more
.full:  call status_q
        show si
        call eol
        emm_q 4B00h
        show bx
        call eol
        exit 0

h       dw 0
%include "ems_lib.inc"
