using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.DevChain.Chain;

namespace Fulgur.DevChain.Mempool;

/// <summary>
/// bitcoind's AcceptToMemoryPool checks, in its order (MemPoolAccept::PreChecks, then the script checks), with its
/// reject reasons: consensus checks, standardness, finality at the next block, mempool conflicts (no replacement),
/// missing inputs, BIP68, coinbase maturity, amounts, the minimum relay fee, and every input's script under the
/// standard flags, reported as mandatory or non-mandatory failures as bitcoind does.
/// </summary>
internal static class MempoolPolicy
{
    /// <summary>bitcoind's DEFAULT_MIN_RELAY_TX_FEE: 1000 sat/kvB, 1 sat/vB.</summary>
    public const long MinRelayFeeSatPerKvB = 1000;

    /// <summary>bitcoind's MIN_STANDARD_TX_NONWITNESS_SIZE.</summary>
    public const int MinStandardNonWitnessSize = 65;

    public static bool TryAccept(
        Transaction tx, ActiveChain chain, TxMempool pool, long now, [NotNullWhen(true)] out MempoolEntry? entry,
        [NotNullWhen(false)] out TxRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(pool);
        entry = null;
        rejection = Check(tx, chain, pool, out var fee);
        if (rejection is not null)
            return false;
        entry = new MempoolEntry(tx, fee, tx.VirtualSize, now, chain.Height);
        return true;
    }

    private static TxRejection? Check(Transaction tx, ActiveChain chain, TxMempool pool, out Satoshi fee)
    {
        fee = Satoshi.Zero;
        if (!TransactionChecks.TryCheck(tx, out var checkError))
            return new TxRejection(checkError);
        // bitcoind: "Coinbase is only valid in a block, not as a loose transaction".
        if (tx.IsCoinbase)
            return new TxRejection("coinbase");
        if (!StandardnessRules.TryCheck(tx, StandardnessPolicy.Default, out var standardError))
            return new TxRejection(standardError);
        if (tx.BaseSize < MinStandardNonWitnessSize)
            return new TxRejection("tx-size-small");

        var spendHeight = chain.Height + 1;
        var tipMtp = chain.Tip.MedianTimePast;
        // bitcoind's CheckFinalTxAtTip: final in the next block, against the tip's median time past (BIP113).
        if (!LockTimeRules.IsFinal(tx, spendHeight, tipMtp))
            return new TxRejection("non-final");
        if (pool.ContainsWitnessId(tx.WTxId))
            return new TxRejection("txn-already-in-mempool");
        if (pool.Contains(tx.TxId))
            return new TxRejection("txn-same-nonwitness-data-in-mempool");
        // No replacement: any spend of an outpoint a mempool transaction already spends is a conflict.
        if (tx.Inputs.Any(i => pool.TryGetSpender(i.PrevOut, out _)))
            return new TxRejection("txn-mempool-conflict");

        var coins = new Coin[tx.Inputs.Length];
        for (var i = 0; i < tx.Inputs.Length; i++)
        {
            var prevOut = tx.Inputs[i].PrevOut;
            if (chain.TryGetCoin(prevOut, out var coin))
            {
                coins[i] = coin;
            }
            else if (pool.TryGetOutput(prevOut, out var output))
            {
                // bitcoind's MEMPOOL_HEIGHT stands for "the next block" in BIP68 and maturity arithmetic.
                coins[i] = new Coin(output, spendHeight, IsCoinbase: false);
            }
            else
            {
                for (var o = 0; o < tx.Outputs.Length; o++)
                {
                    if (chain.TryGetCoin(new OutPoint(tx.TxId, (uint)o), out _))
                        return new TxRejection("txn-already-known");
                }
                return new TxRejection("bad-txns-inputs-missingorspent", MissingInputs: true);
            }
        }

        int[] coinHeights = [.. coins.Select(c => c.Height)];
        // BIP68, as bitcoind's CheckSequenceLocksAtTip: evaluated for the next block against the tip's median time past.
        var sequenceLock = LockTimeRules.CalculateSequenceLock(tx, coinHeights, chain.MedianTimePastAt);
        if (!sequenceLock.IsSatisfiedBy(spendHeight, tipMtp))
            return new TxRejection("non-BIP68-final");

        var valueIn = Satoshi.Zero;
        foreach (var coin in coins)
        {
            if (coin.IsCoinbase && spendHeight - coin.Height < ConsensusRules.CoinbaseMaturity)
            {
                return new TxRejection(
                    "bad-txns-premature-spend-of-coinbase",
                    "tried to spend coinbase at depth " + (spendHeight - coin.Height).ToString(CultureInfo.InvariantCulture));
            }
            valueIn += coin.Output.Value;
        }
        if (valueIn < tx.TotalOutput)
        {
            return new TxRejection(
                "bad-txns-in-belowout",
                $"value in ({TxRejection.FormatMoney(valueIn)}) < value out ({TxRejection.FormatMoney(tx.TotalOutput)})");
        }
        fee = valueIn - tx.TotalOutput;

        TxOut[] spent = [.. coins.Select(c => c.Output)];
        if (!InputStandardness.AreInputsStandard(spent))
            return new TxRejection("bad-txns-nonstandard-inputs");
        if (!InputStandardness.IsWitnessStandard(tx, spent))
            return new TxRejection("bad-witness-nonstandard");

        var minFee = MinRelayFee(tx.VirtualSize);
        if (fee.Value < minFee)
            return new TxRejection("min relay fee not met", $"{fee.Value.ToString(CultureInfo.InvariantCulture)} < {minFee.ToString(CultureInfo.InvariantCulture)}");

        var cache = new SegwitV0SighashCache(tx);
        for (var i = 0; i < tx.Inputs.Length; i++)
        {
            if (ScriptVerifier.VerifyInput(tx, i, coins[i].Output, ConsensusRules.PolicyScriptFlags, out var standardScriptError, cache))
                continue;
            // bitcoind's CheckInputScripts: a failure that the consensus flags alone would not report is only policy;
            // either way the message is the first (standard-flags) check's script error.
            var kind = ScriptVerifier.VerifyInput(tx, i, coins[i].Output, ConsensusRules.BlockScriptFlags, out _, cache)
                ? "non-mandatory-script-verify-flag-failed"
                : "mandatory-script-verify-flag-failed";
            return new TxRejection($"{kind} ({standardScriptError.Message()})");
        }
        return null;
    }

    /// <summary>bitcoind's CFeeRate::GetFee at the minimum relay feerate: size × rate / 1000, rounded up.</summary>
    public static long MinRelayFee(long virtualSize) => ((virtualSize * MinRelayFeeSatPerKvB) + 999) / 1000;
}
