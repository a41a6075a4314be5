using Fulgur.Node.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Storage;

/// <summary>The invoices this node issued (Core Lightning's <c>invoices</c> table). Labels and payment hashes are unique.</summary>
public interface IInvoiceRepository
{
    Task AddAsync(Invoice invoice, CancellationToken cancellationToken);

    Task<Invoice?> GetByLabelAsync(string label, CancellationToken cancellationToken);

    Task<Invoice?> GetByPaymentHashAsync(PaymentHash paymentHash, CancellationToken cancellationToken);

    /// <summary>Every invoice, oldest first.</summary>
    Task<IReadOnlyList<Invoice>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when no invoice has that label.</summary>
    Task<bool> DeleteAsync(string label, CancellationToken cancellationToken);

    /// <summary>Records the payment of a still-unpaid invoice; false (and no change) when it is already paid or missing.</summary>
    Task<bool> MarkPaidAsync(PaymentHash paymentHash, InvoicePayment payment, CancellationToken cancellationToken);

    /// <summary>The paid invoice with the smallest pay_index above <paramref name="payIndex"/>, or null.</summary>
    Task<Invoice?> FirstPaidAfterAsync(ulong payIndex, CancellationToken cancellationToken);
}

/// <summary>Var names the invoice service uses.</summary>
public static class InvoiceVarNames
{
    /// <summary>The pay_index the next paid invoice gets (from 1); never reused, even after delinvoice.</summary>
    public const string NextPayIndex = "invoice_next_pay_index";
}
