using Fulgur.Bitcoin.Scripts;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>A transaction output: an amount and the script that locks it.</summary>
public sealed record TxOut(Satoshi Value, Script ScriptPubKey)
{
    /// <summary>Serialized size: 8-byte amount plus the script with its CompactSize length.</summary>
    public int SerializedLength => 8 + Encoding.BitcoinWriter.CompactSizeLength((ulong)ScriptPubKey.Length) + ScriptPubKey.Length;
}
