; A device's host memory shown at D0000000h (Vdh.map_host_memory): from unreal mode
; (FS with a 4 GiB limit) the program prints the 4 bytes it finds at the start and
; writes 12345678h into the last dword of the 8 KiB.
        org 100h
        xor eax, eax                    ; the GDT's linear address
        mov ax, cs
        shl eax, 4
        add eax, gdt
        mov [gdtr+2], eax
        cli
        lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp short .pm
.pm:    mov bx, 8
        mov fs, bx
        and al, 0FEh
        mov cr0, eax
        jmp short .rm
.rm:    xor bx, bx
        mov fs, bx
        sti
        mov esi, 0D0000000h
        mov cx, 4
.show:  mov dl, [fs:esi]
        mov ah, 02h
        int 21h
        inc esi
        loop .show
        mov edi, 0D0001FFCh
        mov dword [fs:edi], 12345678h
        mov ax, 4C00h
        int 21h

gdtr:   dw gdt_end - gdt - 1
        dd 0
gdt:    dq 0
        dq 00CF92000000FFFFh            ; data, base 0, limit 4 GiB
gdt_end:
