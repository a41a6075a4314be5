using Fulgur.Bitcoin.Encoding;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>
/// A transaction id: double-SHA256 of the transaction without witness data (or, as a wtxid, with it). Internal byte
/// order in <see cref="Hash"/>; <see cref="ToString"/> prints the reversed hex bitcoind and explorers show.
/// </summary>
public readonly record struct TxId(Hash256 Hash)
{
    public static readonly TxId Zero;

    public static TxId FromBytes(ReadOnlySpan<byte> internalOrder) => new(Hash256.FromBytes(internalOrder));

    public static bool TryParse(ReadOnlySpan<char> displayHex, out TxId txId)
    {
        var ok = Hash256.TryParse(displayHex, out var hash);
        txId = new TxId(hash);
        return ok;
    }

    public static TxId Parse(string displayHex) => new(Hash256.Parse(displayHex));

    public byte[] ToBytes() => Hash.ToBytes();

    public override string ToString() => Hash.ToString();
}
