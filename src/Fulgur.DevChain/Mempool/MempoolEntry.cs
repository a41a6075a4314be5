using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.DevChain.Mempool;

/// <summary>A transaction accepted into the mempool, with the fee and size it was judged on.</summary>
internal sealed record MempoolEntry(Transaction Transaction, Satoshi Fee, long VirtualSize, long Time, int Height)
{
    public TxId TxId => Transaction.TxId;

    /// <summary>The entry's feerate in sat/kvB, what the block assembler orders by.</summary>
    public FeeRate FeeRate => FeeRate.FromSatPerKvB(VirtualSize == 0 ? 0 : Fee.Value * 1000 / VirtualSize);
}
