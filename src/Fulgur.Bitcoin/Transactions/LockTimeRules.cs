namespace Fulgur.Bitcoin.Transactions;

/// <summary>
/// When a transaction may enter a block: absolute locktime finality (bitcoind's IsFinalTx) and BIP68 relative
/// locktimes (CalculateSequenceLocks/EvaluateSequenceLocks). Chain state comes in as plain numbers, so the chain
/// keeper (devchain, chain watcher) decides heights and median times.
/// </summary>
public static class LockTimeRules
{
    /// <summary>BIP68: "the relative lock-time is specified in units of 512 seconds" — a shift by 9 bits.</summary>
    public const int SequenceLockTimeGranularity = 9;

    /// <summary>
    /// bitcoind's IsFinalTx: nLockTime 0, or below the height (for heights, under 500,000,000) or time (for times) the
    /// transaction is checked against, or every input's nSequence is 0xffffffff.
    /// </summary>
    /// <param name="blockHeight">Height of the block the transaction would be mined in.</param>
    /// <param name="blockTime">Median time past of the previous block (BIP113).</param>
    public static bool IsFinal(Transaction transaction, int blockHeight, long blockTime)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        long lockTime = transaction.LockTime;
        if (lockTime == 0)
            return true;
        if (lockTime < (lockTime < Scripts.Interpreter.TransactionSignatureChecker.LockTimeThreshold ? blockHeight : blockTime))
            return true;
        return transaction.Inputs.All(i => i.Sequence == TxIn.SequenceFinal);
    }

    /// <summary>
    /// BIP68's lock for <paramref name="transaction"/>: the greatest height and time (each −1 when unconstrained) that
    /// must already be passed. Applies only to version ≥ 2 transactions; inputs with the disable flag are ignored.
    /// </summary>
    /// <param name="coinHeights">For each input, the height of the block that confirmed the output it spends.</param>
    /// <param name="medianTimePastAt">Median time past of the block at a height.</param>
    public static SequenceLock CalculateSequenceLock(Transaction transaction, IReadOnlyList<int> coinHeights, Func<int, long> medianTimePastAt)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(coinHeights);
        ArgumentNullException.ThrowIfNull(medianTimePastAt);
        if (coinHeights.Count != transaction.Inputs.Length)
            throw new ArgumentException("one coin height per input", nameof(coinHeights));
        int minHeight = -1;
        long minTime = -1;
        if (transaction.Version < 2)
            return new SequenceLock(minHeight, minTime);
        for (var i = 0; i < transaction.Inputs.Length; i++)
        {
            var sequence = transaction.Inputs[i].Sequence;
            if ((sequence & TxIn.SequenceLockTimeDisableFlag) != 0)
                continue;
            var coinHeight = coinHeights[i];
            var value = sequence & TxIn.SequenceLockTimeMask;
            if ((sequence & TxIn.SequenceLockTimeTypeFlag) != 0)
            {
                // Time-based: counted from the median time past of the block before the coin's block; the −1 keeps
                // nLockTime's "last invalid" semantics.
                var coinTime = medianTimePastAt(Math.Max(coinHeight - 1, 0));
                minTime = Math.Max(minTime, coinTime + ((long)value << SequenceLockTimeGranularity) - 1);
            }
            else
            {
                minHeight = Math.Max(minHeight, coinHeight + (int)value - 1);
            }
        }
        return new SequenceLock(minHeight, minTime);
    }
}

/// <summary>A BIP68 lock: the last height and median time at which the transaction is still locked (−1: none).</summary>
public readonly record struct SequenceLock(int MinHeight, long MinTime)
{
    /// <summary>bitcoind's EvaluateSequenceLocks for a block at <paramref name="blockHeight"/> whose parent has median time past <paramref name="previousMedianTimePast"/>.</summary>
    public bool IsSatisfiedBy(int blockHeight, long previousMedianTimePast) =>
        MinHeight < blockHeight && MinTime < previousMedianTimePast;
}
