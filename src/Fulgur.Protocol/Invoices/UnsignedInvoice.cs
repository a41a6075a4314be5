using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// An invoice before its signature: human-readable part, timestamp and tagged fields in order. <see cref="Sign"/> makes
/// the <see cref="Bolt11Invoice"/>; signatures are deterministic (RFC 6979), so the same key gives the same string.
/// </summary>
public sealed class UnsignedInvoice
{
    /// <summary>The 35-bit timestamp's range.</summary>
    public const long MaxTimestampSeconds = (1L << 35) - 1;

    internal UnsignedInvoice(string humanReadablePart, Network network, MilliSatoshi? amount, DateTimeOffset timestamp, IReadOnlyList<TaggedField> fields)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        if (seconds is < 0 or > MaxTimestampSeconds)
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "the timestamp is 35 bits of seconds since 1970");
        HumanReadablePart = humanReadablePart;
        Network = network;
        Amount = amount;
        Timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        Fields = [.. fields];
    }

    public string HumanReadablePart { get; }

    public Network Network { get; }

    public MilliSatoshi? Amount { get; }

    /// <summary>Whole seconds (any fraction given was dropped).</summary>
    public DateTimeOffset Timestamp { get; }

    public IReadOnlyList<TaggedField> Fields { get; }

    /// <summary>The data part before the signature, as 5-bit words: timestamp, then each field's type, length and data.</summary>
    public byte[] DataWords()
    {
        var words = new List<byte>(Bolt11Invoice.TimestampWords + Fields.Sum(f => 3 + f.Words.Length));
        // BOLT #11: "MUST set `timestamp` to the number of seconds since Midnight 1 January 1970, UTC in big-endian."
        var seconds = (ulong)Timestamp.ToUnixTimeSeconds();
        for (var i = Bolt11Invoice.TimestampWords - 1; i >= 0; i--)
            words.Add((byte)((seconds >> (5 * i)) & 31));
        foreach (var field in Fields)
        {
            words.Add((byte)field.Type);
            words.Add((byte)(field.Words.Length >> 5));
            words.Add((byte)(field.Words.Length & 31));
            words.AddRange(field.Words.Span);
        }
        return [.. words];
    }

    /// <summary>The bytes the signature commits to: the human-readable part in UTF-8, then the zero-padded data part.</summary>
    public byte[] SigningData() => Bolt11Reader.SigningData(HumanReadablePart, DataWords());

    public Bytes32 SigningHash() => Bytes32.FromSpan(Sha256.Hash(SigningData()));

    /// <summary>
    /// Signs with the payee's key and returns the decoded result, so a created invoice passes every reader check.
    /// Throws <see cref="InvalidOperationException"/> when it would not (a missing payment hash, secret or description,
    /// an <c>n</c> field for another key, an unknown even feature).
    /// </summary>
    public Bolt11Invoice Sign(PrivateKey key)
    {
        var text = SignUnchecked(key);
        if (!Bolt11Invoice.TryDecode(text, out var invoice, out var error))
            throw new InvalidOperationException($"the signed invoice would be refused: {error}");
        return invoice;
    }

    /// <summary>The signed string, whether or not a reader would accept it (tests build refused invoices with it).</summary>
    internal string SignUnchecked(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var data = DataWords();
        var hash = Bolt11Reader.SigningHash(HumanReadablePart, data);
        // BOLT #11: "The signature is encoded as 64 bytes (R || S), followed by a trailing 1-byte recovery id in {0,1,2,3}."
        var compact = key.SignRecoverable(hash).ToCompact(out var recoveryId);
        byte[] signature = [.. compact, (byte)recoveryId];
        return Bech32.Encode(HumanReadablePart, [.. data, .. InvoiceWords.FromBytes(signature)], Bech32Variant.Bech32);
    }
}
