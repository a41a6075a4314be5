namespace Fulgur.Node.Invoices;

/// <summary>The invoice commands' error codes (interfaces.md §6; Core Lightning's numbers).</summary>
public static class InvoiceErrorCodes
{
    /// <summary><c>waitinvoice</c>: the invoice was deleted or does not exist (the seed's -1).</summary>
    public const int WaitDeleted = -1;
    /// <summary><c>waitinvoice</c>: the invoice expired; the invoice object is the error's data.</summary>
    public const int WaitExpired = -2;
    public const int DuplicateLabel = 900;
    public const int DuplicatePreimage = 901;
    public const int WaitAnyTimeout = 904;
    public const int NotFound = 905;
    public const int StatusMismatch = 906;
}
