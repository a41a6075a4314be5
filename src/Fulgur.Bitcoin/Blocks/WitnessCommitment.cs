using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Bitcoin.Blocks;

/// <summary>
/// BIP141's witness commitment in the coinbase: "The commitment is recorded in a scriptPubKey of the coinbase
/// transaction. It must be at least 38 bytes, with the first 6-byte of 0x6a24aa21a9ed". Its 32 bytes are
/// "Double-SHA256(witness root hash|witness reserved value)", and the reserved value is the coinbase input's single
/// 32-byte witness item.
/// </summary>
public static class WitnessCommitment
{
    /// <summary>OP_RETURN, a 36-byte push, then the commitment header 0xaa21a9ed.</summary>
    public static ReadOnlySpan<byte> Prefix => [0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed];

    /// <summary>The 32-byte commitment value.</summary>
    public static Hash256 Compute(Hash256 witnessRoot, Hash256 reservedValue)
    {
        Span<byte> buffer = stackalloc byte[64];
        witnessRoot.WriteTo(buffer);
        reservedValue.WriteTo(buffer[32..]);
        return Hash256.DoubleSha256(buffer);
    }

    /// <summary>The coinbase output script carrying <paramref name="commitment"/>.</summary>
    public static Script CreateScript(Hash256 commitment)
    {
        var bytes = new byte[38];
        Prefix.CopyTo(bytes);
        commitment.WriteTo(bytes.AsSpan(6));
        return Script.FromBytes(bytes);
    }

    /// <summary>
    /// BIP141: "If there are more than one scriptPubKey matching the pattern, the one with highest output index is
    /// assumed to be the commitment." False when the coinbase has no commitment output.
    /// </summary>
    public static bool TryFind(Transaction coinbase, out int outputIndex, out Hash256 commitment)
    {
        ArgumentNullException.ThrowIfNull(coinbase);
        outputIndex = -1;
        commitment = default;
        for (var i = coinbase.Outputs.Length - 1; i >= 0; i--)
        {
            var script = coinbase.Outputs[i].ScriptPubKey.Bytes;
            if (script.Length >= 38 && script[..6].SequenceEqual(Prefix))
            {
                outputIndex = i;
                commitment = Hash256.FromBytes(script.Slice(6, 32));
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Checks a block's witness commitment as bitcoind's CheckWitnessMalleation does: with a commitment, the coinbase
    /// witness must be exactly one 32-byte item and the commitment must match; without one, no transaction may carry
    /// witness data.
    /// </summary>
    public static bool TryValidate(IReadOnlyList<Transaction> transactions, out string? error)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        error = null;
        if (transactions.Count == 0)
        {
            error = "bad-blk-length";
            return false;
        }
        var coinbase = transactions[0];
        if (TryFind(coinbase, out _, out var commitment))
        {
            var witness = coinbase.Inputs.Length == 1 ? coinbase.Inputs[0].Witness : Witness.Empty;
            if (witness.Count != 1 || witness[0].Length != 32)
            {
                error = "bad-witness-nonce-size";
                return false;
            }
            var expected = Compute(MerkleTree.WitnessMerkleRoot(transactions), Hash256.FromBytes(witness[0].Span));
            if (expected != commitment)
            {
                error = "bad-witness-merkle-match";
                return false;
            }
            return true;
        }
        if (transactions.Any(t => t.HasWitness))
        {
            error = "unexpected-witness";
            return false;
        }
        return true;
    }
}
