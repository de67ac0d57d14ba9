"""Fallback copy of the Election Form text (``shared/election-form.txt``).

The generator reads ``shared/election-form.txt`` beside the repository when it exists
and falls back to this copy when the package is installed elsewhere.
The text is verbatim; do not edit it by hand.
"""

FORM_TEXT = r"""EXHIBIT (a)(2)


                         ALPHA TECHNOLOGIES GROUP, INC.
                            OFFER TO EXCHANGE OPTIONS
                                  ELECTION FORM


         I have received the Amended Offer to Exchange, the letters from
Lawrence Butler, dated February 28, 2003 and March __, 2003, the Election Form
and Notice to Change Election From Accept to Reject (together, as they may be
amended from time to time, constituting the "Offer"), offering to eligible
employees, directors and consultants the opportunity to exchange outstanding
stock options ("Old Options") for options exercisable at the fair market value
on or about October 3, 2003, issued under Alpha Technologies Group, Inc.'s
Amended and Restated 1994 Stock Option Plan. This Offer expires at 5:00 P.M.
Eastern Standard Time on March 31, 2003.


         I understand that if I elect to cancel my Old Options in exchange for
the promise to issue a new option (the "New Option"), the number of shares will
remain the same and the original vesting schedule for the Old Options will be
applied to the New Option. I understand that for each option or partial option I
cancel, I lose my right to all outstanding unexercised shares so cancelled. I
have read the Offer and understand the possible loss of my cancelled stock
options if employment is terminated for whatever reason before October 3, 2003.
I UNDERSTAND THAT THERE IS A POSSIBILITY THAT THE EXERCISE PRICE OF THE NEW
OPTIONS COULD BE HIGHER THAN THE EXERCISE PRICE OF THE OLD OPTIONS RESULTING IN
A LOSS OF SOME STOCK OPTION BENEFIT. I ALSO UNDERSTAND THAT IF I ELECT TO CANCEL
ANY OPTIONS, ALL OPTIONS GRANTED IN THE SIX MONTHS PRIOR TO CANCELLATION, I.E.,
SINCE AUGUST 28, 2002, WILL ALSO BE CANCELLED AND REPLACED WITH NEW OPTIONS. I
AGREE TO ALL TERMS OF THE OFFER.

         Subject to the above understandings, I would like to participate in the
Offer as indicated below. I HAVE READ AND FOLLOWED THE INSTRUCTIONS ATTACHED TO
THIS FORM.

         Please check the box and note the grant date, original grant number,
and number of options being tendered for each stock option grant with respect to
which you agree to have such grant and all stock option grants since August 28,
2002 cancelled and replaced pursuant to the terms of this Election Form.

         You may change the terms of your election to tender options for
exchange by submitting a new Election Form or a Notice to Change Election From
Accept to Reject prior to the expiration date of 5:00PM Eastern Standard Time,
March 31, 2003.

[ ]       Yes, I wish to tender for exchange each of the options specified below
          (and on any


                                        1


<PAGE>



          additional sheets which I have attached to this form), along with all
          options granted since August 28, 2002:

<TABLE>
<CAPTION>
                        NUMBER                                 NUMBER               NUMBER
                        OF SHARES           EXERCISE           OF SHARES            OF SHARES TENDERED/
GRANT DATE              GRANTED             PRICE              EXERCISED            TO BE CANCELLED
<S>                     <C>
=========               =========           =========          =========            =========
=========               =========           =========          =========            =========
=========               =========           =========          =========            =========
</TABLE>

[ ]      I have attached an additional sheet listing my name and any additional
         grants I wish to cancel.

I understand that all of the tendered options will be irrevocably cancelled on
April 1, 2003.

-----------------------------                       ------------------------
OPTION HOLDER SIGNATURE                              SOCIAL SECURITY NUMBER



-------------------------------------                ------------------------
OPTION HOLDER NAME (PLEASE PRINT)                    DATE AND TIME

-----------------------------

-----------------------------

-----------------------------
OPTION HOLDER ADDRESS

              RETURN TO JAMES POLAKIEWICZ NO LATER THAN 5:00 PM EST
       ON MARCH 31, 2003 VIA FACSIMILE AT (603) 635-5160 OR HAND DELIVERY

       ALPHA WILL SEND A CONFIRMATION WITHIN FIVE BUSINESS DAYS OF RECEIPT


                                        2


<PAGE>




                                  INSTRUCTIONS

              FORMING PART OF THE TERMS AND CONDITIONS OF THE OFFER

1. Delivery of Election Form.

         A properly completed and executed original of this Election Form (or a
facsimile of it), and any other documents required by this Election Form, must
be received by James Polakiewicz either via hand delivery or via the facsimile
number listed on the front cover of this Election Form (fax number (603)
635-5160) on or before 5PM Eastern Standard Time on March 31, 2003 (the
"Expiration Date").

         THE METHOD BY WHICH YOU DELIVER ANY REQUIRED DOCUMENTS IS AT YOUR
OPTION AND RISK, AND THE DELIVERY WILL BE DEEMED MADE ONLY WHEN ACTUALLY
RECEIVED BY THE COMPANY. YOU MAY HAND DELIVER YOUR ELECTION FORM TO JAMES
POLAKIEWICZ AT ALPHA TECHNOLOGIES GROUP, INC. (THE "COMPANY"), OR YOU MAY FAX IT
TO HIM AT THE NUMBER LISTED ON THE FRONT COVER OF THIS ELECTION FORM. IN ALL
CASES, YOU SHOULD ALLOW SUFFICIENT TIME TO ENSURE TIMELY DELIVERY.

         Tenders of options made through the Offer may be withdrawn at any time
before the Expiration Date. If the Offer is extended by the Company beyond that
time, you may withdraw your tendered options at any time until the extended
expiration of the Offer. In addition, although the Company currently intends to
accept your validly tendered options promptly after the expiration of the Offer,
if the Company fails to accept your tendered options before 5:00 p.m., Eastern
Standard Time, on April 28, 2003, you may withdraw your tendered options at any
time after April 28, 2003. To withdraw tendered options you must deliver a
signed and dated Notice to Change Election From Accept to Reject, or a facsimile
of the Notice to Change Election From Accept to Reject, with the required
information to the Company while you still have the right to withdraw the
tendered options. Withdrawals may not be rescinded and any Eligible Options
withdrawn will thereafter be deemed not properly tendered for purposes of the
Offer unless the withdrawn options are properly re-tendered before the
Expiration Date by delivery of a new Election Form following the procedures
described in these Instructions.

         Tenders of options made through the offer may be changed at any time
before the Expiration Date. If the Offer is extended by the Company beyond that
time, you may change your election regarding particular tendered options at any
time until the extended expiration of the Offer. To change your election
regarding particular tendered options while continuing to elect to participate
in the Offer, you must deliver a signed and dated new Election Form, with the
required information, following the procedures described in these Instructions.
Upon the receipt of such a new, properly signed and dated Election Form, any
previously submitted Election Form will be disregarded and will be considered
replaced in full by the new Election Form.

         The Company will not accept any alternative, conditional or contingent
tenders. All tendering option holders, by signing this Election Form (or a
facsimile of it), waive any right to receive any notice of the acceptance of
their tender, except as provided for in the Offer to Exchange.



                                        3


<PAGE>





2. Inadequate Space.

         If the space provided in this Election Form is inadequate, the
information requested by the table on this Election Form regarding the options
to be tendered should be provided on a separate schedule attached to this
Election Form. Print your name on this schedule and sign it. The schedule should
be delivered with the Election Form, and will thereby be considered part of this
Election Form.

3. Tenders.

         If you intend to tender options through the Offer, you must complete
the table on this Election Form by providing the following information for each
option that you intend to tender:

   -  number of shares originally subject to option,

   -  grant date,

   -  exercise price,

   -  the total number of shares exercised under the option; and

   -  the total number of shares being tendered under the option.

         You may tender all, none or some of the unexercised shares subject to
the options you decide to tender. If you make a partial tender of any option, we
will issue you an option for the untendered amount (subject to the same terms as
the original grant) as promptly as practicable following the Expiration Date.
Also, if you intend to tender any of the options that were granted to you, then
you must tender all Eligible Options that were granted to you during the six
month period prior to the Commencement Date.

4. Signatures on This Election Form.

         If this Election Form is signed by the holder of the Eligible Options,
the signature must correspond with the name as written on the face of the option
agreement or agreements to which the options are subject without alteration,
enlargement or any change whatsoever.

         If this Election Form is signed by a trustee, executor, administrator,
guardian, attorney-in-fact, officer of a corporation or other person acting in a
fiduciary or representative capacity, that person should so indicate when
signing, and proper evidence satisfactory to the Company of the authority of
that person so to act must be submitted with this Election Form.


                                        4


<PAGE>



5. Other Information on This Election Form.

         In addition to signing this Election Form, you must print your name and
indicate the date and time at which you signed. You must also include a current
address and your identification number, such as your social security number or
tax identification number, as appropriate.

6. Requests for Assistance or Additional Copies.

         Any questions or requests for assistance, as well as requests for
additional copies of the Offer to Exchange or this Election Form may be directed
to James Polakiewicz, Chief Financial Officer, at Alpha Technologies Group,
Inc., 33 Bridge Street, Pelham NH 03076 (telephone (603) 625-5160). Copies will
be furnished promptly at the Company's expense.

7. Irregularities.


         All questions as to the number of option shares subject to options to
be accepted for exchange, and the validity, form, eligibility (including time of
receipt) and acceptance for exchange of any tender of options will be determined
by the Company in its discretion. The Company's determinations shall be final
and binding on all parties. The Company reserves the right to reject any or all
tenders of options the Company determines not to be in proper form or the
acceptance of which may, in the opinion of the Company's counsel, be unlawful.
The Company also reserves the right to waive any of the conditions of the Offer
and any defect or irregularity in the tender of any particular options. In the
event the Company waives a condition for any particular option, the Company will
waive such condition for all options. The Company's interpretation of the terms
of the Offer (including these instructions) will be final and binding on all
parties. No tender of options will be deemed to be properly made until all
defects and irregularities have been cured or waived. Unless waived, any defects
or irregularities in connection with tenders must be cured within such time as
the Company shall determine. Neither the Company nor any other person is or will
be obligated to give notice of any defects or irregularities in tenders, and no
person will incur any liability for failure to give any such notice.


         IMPORTANT: THE ELECTION FORM (OR A FACSIMILE COPY OF IT) TOGETHER WITH
ALL OTHER REQUIRED DOCUMENTS MUST BE RECEIVED BY THE COMPANY, ON OR BEFORE 5:00
P.M. ON THE EXPIRATION DATE.

8. Additional Documents to Read.

         You should be sure to read the Offer to Exchange, all documents
referenced therein, and the letter from Lawrence Butler dated February 28, 2003
before deciding to participate in the Offer.

9. Important Tax Information.

         You should refer to Section 14 of the Offer to Exchange, which contains
important U.S. federal income tax information.



                                        5


<PAGE>

10. Acknowledgment and Waiver. By accepting this Offer, you acknowledge that:

(i) your acceptance of the Offer is voluntary; (ii) your acceptance of the Offer
shall not create a right to further employment with your employer and shall not
interfere with the ability of your employer to terminate your employment
relationship at any time with or without cause; and (iii) the Offer, the Old
Options and the New Options are not part of normal or expected compensation or
salary for any purposes, including, but not limited to, calculating any
severance, resignation, redundancy, end of service payments, bonuses,
long-service awards, pension or retirement benefits or similar payments.


                                        6"""
