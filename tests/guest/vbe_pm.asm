; VBE 4F0Ah: the protected-mode table is copied into this program, which enters
; 32-bit protected mode (a GDT of code and data segments based here) and calls its
; set window (bank 2, and window B: refused), set palette (entries 7 and 8) and set
; display start (line 1: 160 dwords into a 640-byte pitch), then returns to real mode.
; Mode 101h; a byte of colour 7 through the window (bank 2) and a pixel of colour 8
; at (5, 1). Exit code: the failed check.
        org 100h
%include "vbe_lib.inc"
        set_mode 101h
        mov bl, 00h
        vbe 0Ah
        check ax, 004Fh, 1
        mov ax, es                      ; the table, copied (it is position independent)
        cmp cx, tabsize
        jbe .fits
        mov al, 2
        jmp fail
.fits:  push ds
        mov ds, ax
        mov si, di
        push cs
        pop es
        mov di, table
        rep movsb
        pop ds
        mov bx, [table+6]               ; the port list names the interface's ports
        check word [table+bx], 1E0h, 3
        check word [table+bx+2], 1E1h, 4
        check dword [table+bx+4], 0FFFFFFFFh, 13 ; the ends of the ports and of the (empty) memory list
        mov bl, 01h                     ; 4F0Ah has only subfunction 00h
        vbe 0Ah
        check ax, 014Fh, 5

        xor eax, eax                    ; the segments' base: this program
        mov ax, cs
        mov [rmseg], ax
        shl eax, 4
        mov ebx, eax
        add eax, gdt
        mov [gdtr+2], eax
        mov si, gdt + 8
.base:  mov [si+2], bx                  ; base 15:0, 23:16, 31:24 of every descriptor
        mov ecx, ebx
        shr ecx, 16
        mov [si+4], cl
        mov [si+7], ch
        add si, 8
        cmp si, gdt_end
        jb .base

        cli
        lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 08h:pm32

        bits 32
pm32:   mov ax, 10h
        mov ds, ax
        mov es, ax
        mov ss, ax
        movzx esp, sp
        xor ebx, ebx                    ; set window A to 64 KiB unit 2
        mov edx, 2
        movzx eax, word [table+0]
        add eax, table
        call eax
        mov [status], ax
        mov ebx, 1                      ; window B: there is none
        mov edx, 0
        movzx eax, word [table+0]
        add eax, table
        call eax
        mov [status+2], ax
        xor ebx, ebx                    ; entries 7 and 8 from ES:EDI
        mov ecx, 2
        mov edx, 7
        mov edi, pal
        movzx eax, word [table+4]
        add eax, table
        call eax
        mov [status+4], ax
        xor ebx, ebx                    ; display start: 160 dwords, line 1
        mov ecx, 160
        xor edx, edx
        movzx eax, word [table+2]
        add eax, table
        call eax
        mov [status+6], ax
        jmp 18h:pm16

        bits 16
pm16:   mov ax, 20h                     ; real-mode-like segments before leaving
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, cr0
        and al, 0FEh
        mov cr0, eax
        push word [cs:rmseg]
        push word .rm
        retf
.rm:    mov ax, cs
        mov ds, ax
        mov es, ax
        mov ss, ax
        sti

        check word [status], 004Fh, 6
        check word [status+2], 014Fh, 7
        check word [status+4], 004Fh, 8
        check word [status+6], 004Fh, 9
        mov bx, 0100h                   ; what real mode sees now
        vbe 05h
        check dx, 2, 10
        mov bl, 01h
        vbe 07h
        check cx, 0, 11
        check dx, 1, 12
        push es                         ; framebuffer byte 20000h: (512, 204)
        mov ax, 0A000h
        mov es, ax
        mov byte [es:0], 7
        pop es
        pixel 5, 1, 8
        xor al, al
fail:   mov ah, 4Ch
        int 21h

rmseg:  dw 0
status: times 4 dw 0
pal:    db 32, 0, 63, 0                 ; entry 7: blue, green, red, pad
        db 20, 40, 10, 0                ; entry 8
gdtr:   dw gdt_end - gdt - 1
        dd 0
        align 8
gdt:    dq 0
        dq 00CF9A000000FFFFh            ; 08h: 32-bit code, 4 GiB
        dq 00CF92000000FFFFh            ; 10h: 32-bit data, 4 GiB
        dq 00009A000000FFFFh            ; 18h: 16-bit code, 64 KiB
        dq 000092000000FFFFh            ; 20h: 16-bit data, 64 KiB
gdt_end:
tabsize equ 512
table:  times tabsize db 0
