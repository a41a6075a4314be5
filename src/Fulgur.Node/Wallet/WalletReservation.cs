using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Node.Wallet;

/// <summary>
/// Wallet outputs set aside for one spend (a withdraw, or a channel funding being negotiated). While it is held no
/// other reservation can select them. The holder builds its transaction from <see cref="Inputs"/> (in this order), pays
/// <see cref="Amount"/> to <see cref="Destination"/> and adds <see cref="Change"/> when present, has the wallet sign it,
/// then either commits it (<see cref="OnchainWallet.CommitAsync"/>) or releases the reservation.
/// </summary>
public sealed record WalletReservation(
    long Id,
    IReadOnlyList<WalletUtxo> Inputs,
    Script Destination,
    Satoshi Amount,
    TxOut? Change,
    Satoshi Fee,
    FeeRate FeeRate)
{
    public Satoshi InputTotal => Inputs.Aggregate(Satoshi.Zero, (s, u) => s + u.Value);

    /// <summary>The unsigned transaction paying <see cref="Amount"/> to <see cref="Destination"/> (output 0) and the change (output 1).</summary>
    public Transaction BuildUnsigned()
    {
        var builder = new TransactionBuilder();
        foreach (var input in Inputs)
            // Sequence 0xfffffffd: final locktime, BIP125 replaceable (as bitcoind and Core Lightning create).
            builder.AddInput(input.OutPoint, 0xffff_fffd);
        builder.AddOutput(Amount, Destination);
        if (Change is not null)
            builder.AddOutput(Change);
        return builder.ToTransaction();
    }
}
