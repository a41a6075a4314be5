using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.DevChain.Mempool;

/// <summary>
/// bitcoind's policy on what a transaction spends (policy/policy.cpp): AreInputsStandard (no spends of nonstandard
/// or unknown-witness outputs) and IsWitnessStandard (witness only on witness programs; P2WSH scripts of at most
/// 3,600 bytes with at most 100 stack items of at most 80 bytes each). P2SH sigop limits are not counted.
/// </summary>
internal static class InputStandardness
{
    /// <summary>bitcoind's MAX_STANDARD_P2WSH_SCRIPT_SIZE.</summary>
    public const int MaxP2WshScriptSize = 3600;

    /// <summary>bitcoind's MAX_STANDARD_P2WSH_STACK_ITEMS.</summary>
    public const int MaxP2WshStackItems = 100;

    /// <summary>bitcoind's MAX_STANDARD_P2WSH_STACK_ITEM_SIZE.</summary>
    public const int MaxP2WshStackItemSize = 80;

    public static bool AreInputsStandard(IReadOnlyList<TxOut> spent) =>
        spent.All(o => OutputTypes.Classify(o.ScriptPubKey) is not (OutputType.NonStandard or OutputType.WitnessUnknown));

    public static bool IsWitnessStandard(Transaction tx, IReadOnlyList<TxOut> spent)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(spent);
        for (var i = 0; i < tx.Inputs.Length; i++)
        {
            var witness = tx.Inputs[i].Witness;
            if (witness.IsEmpty)
                continue;
            var program = spent[i].ScriptPubKey;
            if (program.IsP2Sh)
            {
                // The redeem script is the last push of the (push-only) scriptSig.
                if (!tx.Inputs[i].ScriptSig.TryGetOps(out var ops, out _) || ops.Count == 0)
                    return false;
                program = Script.FromBytes(ops[^1].Push.Span);
            }
            // Witness data on a non-witness output is nonstandard.
            if (!program.TryGetWitnessProgram(out var version, out var bytes))
                return false;
            if (version == 0 && bytes.Length == 32)
            {
                if (witness[^1].Length > MaxP2WshScriptSize || witness.Count - 1 > MaxP2WshStackItems)
                    return false;
                for (var j = 0; j < witness.Count - 1; j++)
                {
                    if (witness[j].Length > MaxP2WshStackItemSize)
                        return false;
                }
            }
        }
        return true;
    }
}
