namespace Aitbc.Orleans.Tests.Installer;

/// <summary>Which platform a native library was built for, read from its header (ELF e_machine, Mach-O cputype, PE machine).</summary>
internal static class NativeBinary
{
    public static string? PlatformOf(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 20 && header[0] == 0x7F && header[1] == 'E' && header[2] == 'L' && header[3] == 'F')
        {
            return BitConverter.ToUInt16(header[18..20]) switch
            {
                0x3E => "linux-x64",
                0xB7 => "linux-arm64",
                _ => null,
            };
        }

        if (header.Length >= 8 && BitConverter.ToUInt32(header[..4]) == 0xFEEDFACF)
        {
            return BitConverter.ToUInt32(header[4..8]) switch
            {
                0x0100000C => "osx-arm64",
                0x01000007 => "osx-x64",
                _ => null,
            };
        }

        if (header.Length >= 0x40 && header[0] == 'M' && header[1] == 'Z')
        {
            var pe = BitConverter.ToInt32(header[0x3C..0x40]);
            if (pe > 0 && header.Length >= pe + 6 && header.Slice(pe, 4).SequenceEqual("PE\0\0"u8))
            {
                return BitConverter.ToUInt16(header.Slice(pe + 4, 2)) switch
                {
                    0x8664 => "win-x64",
                    0xAA64 => "win-arm64",
                    _ => null,
                };
            }
        }

        return null;
    }
}
