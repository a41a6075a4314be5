using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// Reading and writing the BOLT 2 field shapes the BOLT 1 reader does not know: txids, fee rates, delays, commitment
/// numbers and per-commitment secrets, plus the TLV value validators the channel messages share.
/// </summary>
internal static class ChannelFieldCodecs
{
    /// <summary>A <c>sha256</c> field holding a txid, in internal byte order as the wire carries it.</summary>
    public static bool TryReadTxId(this ref WireReader reader, out TxId txid)
    {
        txid = TxId.Zero;
        if (!reader.TryReadBytes(32, out var bytes))
            return false;
        txid = TxId.FromBytes(bytes);
        return true;
    }

    public static void WriteTxId(this WireWriter writer, TxId txid)
    {
        Span<byte> bytes = stackalloc byte[32];
        txid.Hash.WriteTo(bytes);
        writer.WriteBytes(bytes);
    }

    /// <summary>A <c>u32</c> <c>feerate_per_kw</c>.</summary>
    public static bool TryReadFeeRate(this ref WireReader reader, out FeeRate feeRate)
    {
        var ok = reader.TryReadU32(out var raw);
        feeRate = new FeeRate(raw);
        return ok;
    }

    public static void WriteFeeRate(this WireWriter writer, FeeRate feeRate)
    {
        if (feeRate.SatPerKw is < 0 or > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(feeRate), feeRate, "feerate_per_kw is a u32");
        writer.WriteU32((uint)feeRate.SatPerKw);
    }

    /// <summary>A <c>u16</c> <c>to_self_delay</c>.</summary>
    public static bool TryReadToSelfDelay(this ref WireReader reader, out ToSelfDelay delay)
    {
        var ok = reader.TryReadU16(out var raw);
        delay = new ToSelfDelay(raw);
        return ok;
    }

    public static void WriteToSelfDelay(this WireWriter writer, ToSelfDelay delay) => writer.WriteU16(delay.Blocks);

    /// <summary>A <c>u64</c> commitment number, refusing values beyond 48 bits.</summary>
    public static bool TryReadCommitmentNumber(this ref WireReader reader, out CommitmentNumber number)
    {
        number = default;
        var start = reader.Position;
        if (!reader.TryReadU64(out var raw))
            return false;
        // BOLT #2: "A commitment number is a 48-bit
        // incrementing counter for each commitment transaction"
        if (raw > CommitmentNumber.MaxValue)
            return reader.Fail(WireErrorKind.ValueOutOfRange, $"commitment number at offset {start} exceeds 48 bits");
        number = new CommitmentNumber(raw);
        return true;
    }

    public static void WriteCommitmentNumber(this WireWriter writer, CommitmentNumber number) => writer.WriteU64(number.Value);

    /// <summary>A <c>32*byte</c> per-commitment secret (any 32 bytes, all zeros included).</summary>
    public static bool TryReadPerCommitmentSecret(this ref WireReader reader, [NotNullWhen(true)] out PerCommitmentSecret? secret)
    {
        secret = null;
        return reader.TryReadBytes(PerCommitmentSecret.Length, out var bytes) && PerCommitmentSecret.TryCreate(bytes, out secret);
    }

    public static void WritePerCommitmentSecret(this WireWriter writer, PerCommitmentSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        writer.WriteBytes(secret.Bytes);
    }

    /// <summary>A raw <c>u64</c> <c>max_htlc_value_in_flight_msat</c>.</summary>
    public static bool TryReadMaxHtlcValueInFlight(this ref WireReader reader, out MaxHtlcValueInFlight limit)
    {
        var ok = reader.TryReadU64(out var raw);
        limit = new MaxHtlcValueInFlight(raw);
        return ok;
    }

    /// <summary>A <c>u16</c>-length-prefixed script (<c>[u16:len][len*byte:scriptpubkey]</c>).</summary>
    public static bool TryReadScript(this ref WireReader reader, out ByteVector script) => reader.TryReadU16Prefixed(out script);

    public static void WriteScript(this WireWriter writer, ByteVector script) => writer.WriteU16Prefixed(script.Span);

    /// <summary>A TLV value that is one 64-byte compact <c>signature</c>.</summary>
    public static readonly TlvValueValidator Signature = static (ref r) => r.TryReadSignature(out _);

    /// <summary>A TLV value that is one <c>short_channel_id</c>.</summary>
    public static readonly TlvValueValidator ShortChannelId = TlvFormat.Fixed(8);

    /// <summary>A TLV value that is one <c>sha256</c>.</summary>
    public static readonly TlvValueValidator Sha256 = TlvFormat.Fixed(32);

    /// <summary>A TLV value that is two <c>u64</c> satoshi amounts.</summary>
    public static readonly TlvValueValidator SatoshiPair = static (ref r) => r.TryReadSatoshi(out _) && r.TryReadSatoshi(out _);
}
