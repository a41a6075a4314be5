namespace Fulgur.Protocol.Gossip;

/// <summary>
/// CRC32C (Castagnoli), as RFC 3720 appendix B.4 defines it for iSCSI: the reflected polynomial 0x82F63B78, an
/// initial value of all ones and a final complement. BOLT 7 uses it for <c>channel_update</c> checksums.
/// </summary>
public static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F6_3B78;

    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            table[i] = crc;
        }
        return table;
    }

    /// <summary>The CRC32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC32C: <c>Append(Compute(a), b) == Compute(a ++ b)</c>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        foreach (var b in data)
            state = Table[(byte)(state ^ b)] ^ (state >> 8);
        return ~state;
    }
}
