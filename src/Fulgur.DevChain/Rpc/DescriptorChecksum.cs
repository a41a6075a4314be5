namespace Fulgur.DevChain.Rpc;

/// <summary>
/// The output descriptor checksum (BIP380, bitcoind's DescriptorChecksum): eight characters after '#', a BCH code
/// over the descriptor's characters, so scriptPubKey.desc reads "addr(bcrt1…)#checksum" as in bitcoind.
/// </summary>
internal static class DescriptorChecksum
{
    private const string InputCharset =
        "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";

    private const string ChecksumCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    public static string Append(string descriptor) => descriptor + "#" + Compute(descriptor);

    public static string Compute(string descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ulong c = 1;
        var cls = 0;
        var clsCount = 0;
        foreach (var ch in descriptor)
        {
            var pos = InputCharset.IndexOf(ch, StringComparison.Ordinal);
            if (pos < 0)
                return "";
            // BIP380: "Emit a symbol for the position inside the group, for every character."
            c = PolyMod(c, pos & 31);
            cls = (cls * 3) + (pos >> 5);
            if (++clsCount == 3)
            {
                c = PolyMod(c, cls);
                cls = 0;
                clsCount = 0;
            }
        }
        if (clsCount > 0)
            c = PolyMod(c, cls);
        for (var j = 0; j < 8; j++)
            c = PolyMod(c, 0);
        c ^= 1;
        var result = new char[8];
        for (var j = 0; j < 8; j++)
            result[j] = ChecksumCharset[(int)((c >> (5 * (7 - j))) & 31)];
        return new string(result);
    }

    private static ulong PolyMod(ulong c, int val)
    {
        var c0 = (byte)(c >> 35);
        c = ((c & 0x7ffffffffUL) << 5) ^ (ulong)val;
        if ((c0 & 1) != 0) c ^= 0xf5dee51989UL;
        if ((c0 & 2) != 0) c ^= 0xa9fdca3312UL;
        if ((c0 & 4) != 0) c ^= 0x1bab10e32dUL;
        if ((c0 & 8) != 0) c ^= 0x3706b1677aUL;
        if ((c0 & 16) != 0) c ^= 0x644d626ffdUL;
        return c;
    }
}
