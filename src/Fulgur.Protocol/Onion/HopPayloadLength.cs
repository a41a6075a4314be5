using System.Buffers.Binary;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// The BigSize length that prefixes each <c>hop_payload</c> inside <c>hop_payloads</c> (BOLT 1 "BigSize", minimal
/// encoding required). Kept here so the packet layer depends on nothing but bytes.
/// </summary>
internal static class HopPayloadLength
{
    public static int PrefixLength(int length) => length < 0xfd ? 1 : length <= 0xffff ? 3 : 5;

    /// <summary>Writes the prefix and returns its size.</summary>
    public static int Write(Span<byte> destination, int length)
    {
        if (length < 0xfd)
        {
            destination[0] = (byte)length;
            return 1;
        }
        if (length <= 0xffff)
        {
            destination[0] = 0xfd;
            BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)length);
            return 3;
        }
        destination[0] = 0xfe;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
        return 5;
    }

    /// <summary>Reads a minimally encoded BigSize; false when truncated or not minimal.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int consumed)
    {
        value = 0;
        consumed = 0;
        if (source.IsEmpty)
            return false;
        switch (source[0])
        {
            case < 0xfd:
                value = source[0];
                consumed = 1;
                return true;
            case 0xfd:
                if (source.Length < 3)
                    return false;
                value = BinaryPrimitives.ReadUInt16BigEndian(source[1..]);
                consumed = 3;
                return value >= 0xfd;
            case 0xfe:
                if (source.Length < 5)
                    return false;
                value = BinaryPrimitives.ReadUInt32BigEndian(source[1..]);
                consumed = 5;
                return value > 0xffff;
            default:
                if (source.Length < 9)
                    return false;
                value = BinaryPrimitives.ReadUInt64BigEndian(source[1..]);
                consumed = 9;
                return value > 0xffffffff;
        }
    }
}
