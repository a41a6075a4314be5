using System.Buffers.Binary;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// Hides the commitment number in a commitment transaction's locktime and sequence (BOLT #3 "Commitment
/// Transaction"): "The 48-bit commitment number is obscured by `XOR` with the lower 48 bits of:
/// SHA256(payment_basepoint from open_channel || payment_basepoint from accept_channel)".
/// </summary>
public readonly record struct CommitmentObscurer(ulong Factor)
{
    private const uint LocktimeTag = 0x20u << 24;
    private const uint SequenceTag = 0x80u << 24;
    private const uint Lower24 = 0x00FF_FFFF;

    /// <param name="openerPaymentBasepoint">The <c>payment_basepoint</c> of <c>open_channel</c> (the opener's).</param>
    /// <param name="accepterPaymentBasepoint">The <c>payment_basepoint</c> of <c>accept_channel</c>.</param>
    public static CommitmentObscurer FromPaymentBasepoints(PublicKey openerPaymentBasepoint, PublicKey accepterPaymentBasepoint)
    {
        ArgumentNullException.ThrowIfNull(openerPaymentBasepoint);
        ArgumentNullException.ThrowIfNull(accepterPaymentBasepoint);
        Span<byte> both = stackalloc byte[2 * PublicKey.CompressedLength];
        openerPaymentBasepoint.Compressed.CopyTo(both);
        accepterPaymentBasepoint.Compressed.CopyTo(both[PublicKey.CompressedLength..]);
        Span<byte> hash = stackalloc byte[Sha256.Length];
        Sha256.Hash(both, hash);
        return new CommitmentObscurer(BinaryPrimitives.ReadUInt64BigEndian(hash[24..]) & CommitmentNumber.MaxValue);
    }

    /// <summary>The obscured 48-bit commitment number.</summary>
    public ulong Obscure(CommitmentNumber number) => (number.Value ^ Factor) & CommitmentNumber.MaxValue;

    /// <summary>
    /// BOLT #3: "locktime: upper 8 bits are 0x20, lower 24 bits are the lower 24 bits of the obscured commitment number".
    /// </summary>
    public uint Locktime(CommitmentNumber number) => LocktimeTag | (uint)(Obscure(number) & Lower24);

    /// <summary>
    /// BOLT #3: "`txin[0]` sequence: upper 8 bits are 0x80, lower 24 bits are upper 24 bits of the obscured commitment number".
    /// </summary>
    public uint Sequence(CommitmentNumber number) => SequenceTag | (uint)(Obscure(number) >> 24);

    /// <summary>The commitment number of a commitment transaction, from its locktime and input sequence.</summary>
    public bool TryRecover(uint locktime, uint sequence, out CommitmentNumber number)
    {
        number = default;
        if ((locktime & ~Lower24) != LocktimeTag || (sequence & ~Lower24) != SequenceTag)
            return false;
        var obscured = ((ulong)(sequence & Lower24) << 24) | (locktime & Lower24);
        number = new CommitmentNumber((obscured ^ Factor) & CommitmentNumber.MaxValue);
        return true;
    }
}
