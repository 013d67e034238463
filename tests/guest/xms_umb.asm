; Upper memory blocks through XMS 10h-12h (a session with VXMS /UMB). The largest
; block is asked for first (B0h and its size), then blocks are taken, grown,
; shrunk and released; the memory of a UMB is read and written.
%include "macros.inc"
        cpu 386
        org 100h

start:
        mov sp, stack_top
        call xms_find
        jnc .found
        exit 1
.found:
        mov dx, 0FFFFh
        call umb                             ; 0000 B0 largest
        mov [largest], dx
        mov dx, [largest]
        call umb                             ; 0001 00 first segment
        mov [seg1], bx
        mov dx, 1
        call umb                             ; 0000 B1 0000 when the region is used up
        mov dx, [seg1]                       ; give back all but 400h paragraphs
        mov bx, 400h
        mov ah, 12h
        call xms_call
        call show
        mov dx, [seg1]
        mov bx, [largest]
        mov ah, 12h                          ; and grow to the full size again
        call xms_call
        call show
        mov dx, [seg1]
        mov bx, [largest]
        inc bx
        mov ah, 12h                          ; one more: B0h, DX = the most it can be
        call xms_call
        call show
        mov ax, dx
        call hex16
        call newline
        mov dx, [seg1]
        mov bx, 400h
        mov ah, 12h
        call xms_call
        mov dx, 400h
        call umb                             ; right after the first
        mov es, bx
        mov byte [es:0], 'U'
        mov byte [es:3FFFh], 'M'
        cmp byte [es:0], 'U'
        jne .bad
        cmp byte [es:3FFFh], 'M'
        jne .bad
        print s_rw
.bad:   mov dx, [seg1]
        mov ah, 11h
        call xms_call
        call show                            ; 0001 00
        mov dx, [seg1]
        mov ah, 11h
        call xms_call
        call show                            ; 0000 B2
        mov dx, 1234h
        mov ah, 11h
        call xms_call
        call show                            ; 0000 B2
        mov dx, 1234h
        mov bx, 1
        mov ah, 12h
        call xms_call
        call show                            ; 0000 B2
        exit 0

; 10h with DX paragraphs: prints AX BL, then BX (the segment) or DX (the largest).
umb:    mov ah, 10h
        call xms_call
        call hex16
        call space
        push ax
        mov al, bl
        call hex8
        call space
        pop ax
        test ax, ax
        jz .size
        mov ax, bx
        jmp .out
.size:  mov ax, dx
.out:   call hex16
        call newline
        ret

s_rw:     db "umb rw", 13, 10, "$"
largest:  dw 0
seg1:     dw 0

%include "xms_lib.inc"
        times 256 db 0
stack_top:
