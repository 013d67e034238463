; VESA VBE: 4F00h info (signature, version), 4F01h mode info of 112h (640x480,
; 32 bits), 4F02h sets it with the linear framebuffer, a pixel is written through
; the 64 KiB window in bank 1, then four lines are filled through the linear
; framebuffer at the address 4F01h gave, from unreal mode (FS with a 4 GiB limit).
; Exit code: 0 when 4F00h/4F01h/4F02h/4F05h all answered as expected.
        org 100h
        xor bp, bp                      ; failures, one bit each
        mov dword [buf], 'VBE2'
        mov ax, 4F00h
        mov di, buf
        int 10h
        cmp ax, 004Fh
        jne .f1
        cmp dword [buf], 'VESA'
        jne .f1
        cmp word [buf+4], 0200h
        je .ok1
.f1:    or bp, 1
.ok1:   mov ax, 4F01h
        mov cx, 112h
        mov di, buf
        int 10h
        cmp ax, 004Fh
        jne .f2
        cmp word [buf+12h], 640
        jne .f2
        cmp byte [buf+19h], 32
        je .ok2
.f2:    or bp, 2
.ok2:   mov eax, [buf+28h]
        mov [lfb], eax
        mov ax, 4F02h
        mov bx, 4112h
        int 10h
        cmp ax, 004Fh
        je .ok3
        or bp, 4
.ok3:   mov ax, 4F05h                   ; bank 1
        xor bx, bx
        mov dx, 1
        int 10h
        cmp ax, 004Fh
        je .ok4
        or bp, 8
.ok4:   push es
        mov ax, 0A000h
        mov es, ax
        mov dword [es:0], 0000FF00h     ; framebuffer byte 10000h: pixel 16384 = (384, 25)
        pop es

        xor eax, eax                    ; the GDT's linear address
        mov ax, cs
        shl eax, 4
        add eax, gdt
        mov [gdtr+2], eax
        cli                             ; unreal mode: FS keeps a flat 4 GiB limit
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

        mov edi, [lfb]
        xor cx, cx                      ; pixel number in the first four lines
.fill:  mov eax, 00FF0000h              ; red on the left half
        mov bx, cx
.col:   cmp bx, 640
        jb .have
        sub bx, 640
        jmp .col
.have:  cmp bx, 320
        jb .put
        mov eax, 000000FFh              ; blue on the right half
.put:   mov [fs:edi], eax
        add edi, 4
        inc cx
        cmp cx, 4 * 640
        jb .fill

        mov ax, bp
        mov ah, 4Ch
        int 21h

gdtr:   dw gdt_end - gdt - 1
        dd 0                            ; the linear base, set at run time
gdt:    dq 0
        dq 00CF92000000FFFFh            ; data, base 0, limit 4 GiB
gdt_end:
lfb:    dd 0
buf:    times 512 db 0
